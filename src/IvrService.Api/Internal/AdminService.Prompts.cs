using Grpc.Core;
using IvrService.Api.V1;

namespace IvrService.Api.Internal;

/// <summary>The Admin service's prompt, do-not-call and API key methods (the work is in the classes they call).</summary>
internal sealed partial class AdminService
{
    public override Task<Prompt> UploadPrompt(IAsyncStreamReader<UploadPromptRequest> requestStream, ServerCallContext context) =>
        _prompts.UploadAsync(requestStream, Caller(context), context.CancellationToken);

    public override Task<ListPromptsResponse> ListPrompts(ListPromptsRequest request, ServerCallContext context) =>
        _prompts.ListAsync(request, context.CancellationToken);

    public override Task RenderPrompts(RenderPromptsRequest request, IServerStreamWriter<RenderPromptsProgress> responseStream, ServerCallContext context) =>
        _prompts.RenderAsync(request, responseStream, Caller(context), context.CancellationToken);

    public override Task<CreateApiKeyResponse> CreateApiKey(CreateApiKeyRequest request, ServerCallContext context) =>
        _keys.CreateAsync(request, Caller(context), context.CancellationToken);

    public override Task<RevokeApiKeyResponse> RevokeApiKey(RevokeApiKeyRequest request, ServerCallContext context) =>
        _keys.RevokeAsync(request, Caller(context), context.CancellationToken);

    public override Task<ListApiKeysResponse> ListApiKeys(ListApiKeysRequest request, ServerCallContext context) =>
        _keys.ListAsync(context.CancellationToken);
}
