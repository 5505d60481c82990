using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace IvrService.Api.Internal;

/// <summary>
/// Authenticates every call of the product's services by its <c>authorization: Bearer &lt;key&gt;</c> metadata:
/// no, malformed or unknown key → UNAUTHENTICATED; a scope that does not cover the method → PERMISSION_DENIED.
/// The key's identity is left in <see cref="ServerCallContext.UserState"/> for the audit log.
/// </summary>
internal sealed class ApiKeyInterceptor : Interceptor
{
    /// <summary>The <see cref="ServerCallContext.UserState"/> entry holding the caller's <see cref="ApiKeyIdentity"/>.</summary>
    public const string IdentityKey = "ivr.api-key";

    private const string BearerPrefix = "Bearer ";
    private const int MaxKeyLength = 512;

    private readonly IApiKeyStore _store;
    private readonly ILogger<ApiKeyInterceptor> _logger;

    public ApiKeyInterceptor(IApiKeyStore store, ILogger<ApiKeyInterceptor> logger)
    {
        _store = store;
        _logger = logger;
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context).ConfigureAwait(false);
        return await continuation(request, context).ConfigureAwait(false);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context).ConfigureAwait(false);
        return await continuation(requestStream, context).ConfigureAwait(false);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context).ConfigureAwait(false);
        await continuation(request, responseStream, context).ConfigureAwait(false);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context).ConfigureAwait(false);
        await continuation(requestStream, responseStream, context).ConfigureAwait(false);
    }

    /// <summary>The identity of the key the call was authenticated with; null for the open services.</summary>
    public static ApiKeyIdentity? IdentityOf(ServerCallContext context)
        => context.UserState.TryGetValue(IdentityKey, out var value) ? value as ApiKeyIdentity : null;

    private async Task AuthenticateAsync(ServerCallContext context)
    {
        if (MethodScopes.Required(context.Method) is not { } required)
        {
            return;
        }

        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null)
        {
            throw Unauthenticated(context, "no authorization metadata; send 'authorization: Bearer <api key>'");
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw Unauthenticated(context, "the authorization metadata is not 'Bearer <api key>'");
        }

        var key = header.AsSpan(BearerPrefix.Length).Trim();
        if (key.IsEmpty || key.Length > MaxKeyLength)
        {
            throw Unauthenticated(context, "the API key is empty or too long");
        }

        var identity = await _store.FindAsync(ApiKeyHash.Compute(key.ToString()), context.CancellationToken).ConfigureAwait(false);
        if (identity is null)
        {
            throw Unauthenticated(context, "unknown API key");
        }

        if (!identity.Allows(required))
        {
            ApiLog.RequestPermissionDenied(_logger, context.Method, identity.Name, identity.Scope);
            throw new RpcException(new Status(
                StatusCode.PermissionDenied,
                $"the API key '{identity.Name}' has scope '{ScopeText(identity.Scope)}'; {context.Method} needs scope '{ScopeText(required)}'"));
        }

        context.UserState[IdentityKey] = identity;
    }

    private RpcException Unauthenticated(ServerCallContext context, string reason)
    {
        ApiLog.RequestUnauthenticated(_logger, context.Method, context.Peer, reason);
        return new RpcException(new Status(StatusCode.Unauthenticated, reason));
    }

    private static string ScopeText(ApiScope scope) => scope == ApiScope.Admin ? "admin" : "integrator";
}
