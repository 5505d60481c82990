using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Flows;
using IvrService.Speech;
using IvrService.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ApiPrompt = IvrService.Api.V1.Prompt;
using ApiPromptSource = IvrService.Api.V1.PromptSource;
using SpeechPromptSource = IvrService.Speech.PromptSource;

namespace IvrService.Api.Internal;

/// <summary>
/// The prompt methods of the Admin service, over the host's prompt catalog (texts) and prompt library (audio files):
/// uploads become the prompt's recorded file (<c>&lt;Speech:RecordingsDirectory&gt;/&lt;language&gt;/&lt;key&gt;.wav</c>, which
/// calls then prefer to any render), listings say where each prompt's audio comes from, renders run the configured
/// text-to-speech now. Uploads and renders are written to the audit log.
/// </summary>
internal sealed class PromptAdministration
{
    /// <summary>Largest chunk message of an upload.</summary>
    public const int MaxChunkBytes = 64 * 1024;

    private const int MaxPageSize = 1000;
    private const int MaxTextLength = 2000;
    private const int MaxKeysPerRender = 1000;

    private readonly PromptLibrary _library;
    private readonly IPromptCatalogProvider _catalog;
    private readonly IAdminAuditLog _audit;
    private readonly ApiOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PromptAdministration> _logger;

    public PromptAdministration(
        PromptLibrary library,
        IPromptCatalogProvider catalog,
        IAdminAuditLog audit,
        IOptions<ApiOptions> options,
        TimeProvider time,
        ILogger<PromptAdministration> logger)
    {
        _library = library;
        _catalog = catalog;
        _audit = audit;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public async Task<ApiPrompt> UploadAsync(IAsyncStreamReader<UploadPromptRequest> requests, ApiKeyIdentity caller, CancellationToken cancellationToken)
    {
        var limit = _options.MaxPromptUploadBytes;
        if (!await NextPartAsync(requests, cancellationToken).ConfigureAwait(false))
        {
            new FieldViolations().Add("header", "the upload is empty: send the header (language, key) first, then the WAV file in chunks").ThrowIfAny();
        }

        if (requests.Current.PartCase != UploadPromptRequest.PartOneofCase.Header)
        {
            new FieldViolations().Add("header", "must be the first message of the upload (language, key), before any chunk").ThrowIfAny();
        }

        var header = requests.Current.Header;
        var violations = new FieldViolations();
        var catalog = _catalog.Prompts;
        Language(header.Language, "header.language", catalog, violations);
        Key(header.Key, "header.key", violations);
        violations.FreeText(header.Text, "header.text", MaxTextLength);

        if (header.SizeBytes < 0)
        {
            violations.Add("header.size_bytes", $"must be 0 (unknown) or the file's size; was {header.SizeBytes}");
        }

        violations.ThrowIfAny();
        if (header.SizeBytes > limit)
        {
            throw TooLarge(header.SizeBytes, limit);
        }

        using var file = new MemoryStream(header.SizeBytes > 0 ? (int)header.SizeBytes : MaxChunkBytes);
        var chunks = 0;
        while (await NextPartAsync(requests, cancellationToken).ConfigureAwait(false))
        {
            var part = requests.Current;
            chunks++;
            if (part.PartCase != UploadPromptRequest.PartOneofCase.Chunk)
            {
                new FieldViolations().Add("header", $"only the first message may be a header; message {chunks + 1} is one too").ThrowIfAny();
            }

            if (part.Chunk.Length > MaxChunkBytes)
            {
                new FieldViolations().Add("chunk", $"message {chunks + 1} holds {part.Chunk.Length} bytes; a chunk is at most {MaxChunkBytes} (64 KiB)").ThrowIfAny();
            }

            if (file.Length + part.Chunk.Length > limit)
            {
                throw TooLarge(file.Length + part.Chunk.Length, limit);
            }

            part.Chunk.Span.CopyTo(Grow(file, part.Chunk.Length));
        }

        if (file.Length == 0)
        {
            new FieldViolations().Add("chunk", "no bytes came after the header: send the WAV file in chunks").ThrowIfAny();
        }

        if (header.SizeBytes > 0 && header.SizeBytes != file.Length)
        {
            new FieldViolations().Add("header.size_bytes", $"announced {header.SizeBytes} bytes but {file.Length} came: the upload is incomplete").ThrowIfAny();
        }

        if (!PromptWav.TryConvert(file.GetBuffer().AsSpan(0, (int)file.Length), out var samples, out var description, out var wavError))
        {
            new FieldViolations().Add("chunk", $"the file ({file.Length} bytes) {wavError}").ThrowIfAny();
        }

        await _library.SaveRecordingAsync(header.Language, header.Key, samples, cancellationToken).ConfigureAwait(false);
        var detail = header.Text.Length == 0 ? description : $"{description}; says: {header.Text}";
        await _audit.AppendAsync(
            new AdminAuditEntry(_time.GetUtcNow(), caller.Name, LayeredApiKeyStore.TextOf(caller.Scope), "prompt_uploaded", Target(header.Language, header.Key), null, detail),
            CancellationToken.None).ConfigureAwait(false);
        ApiLog.PromptUploaded(_logger, header.Language, header.Key, file.Length, caller.Name);
        catalog.TryGetText(header.Language, header.Key, out var text);
        return await DescribeAsync(header.Language, header.Key, text, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ListPromptsResponse> ListAsync(ListPromptsRequest request, CancellationToken cancellationToken)
    {
        var violations = new FieldViolations();
        var catalog = _catalog.Prompts;
        if (request.Language.Length > 0)
        {
            Language(request.Language, "language", catalog, violations);
        }

        if (request.KeyPrefix.Length > 200)
        {
            violations.Add("key_prefix", "must be at most 200 characters");
        }
        else if (request.KeyPrefix.Any(char.IsControl))
        {
            violations.Add("key_prefix", "must not contain control characters");
        }

        var pageSize = violations.PageSize(request.PageSize, MaxPageSize);
        string? afterLanguage = null, afterKey = null;
        if (request.PageToken.Length > 0)
        {
            if (PromptPageToken.TryDecode(request.PageToken, out var language, out var key))
            {
                (afterLanguage, afterKey) = (language, key);
            }
            else
            {
                violations.Add("page_token", "is not a page token of ListPrompts");
            }
        }

        violations.ThrowIfAny();

        var languages = request.Language.Length > 0 ? [request.Language] : catalog.Languages.Order(StringComparer.Ordinal).ToList();
        var response = new ListPromptsResponse();
        foreach (var language in languages)
        {
            if (afterLanguage is not null && string.CompareOrdinal(language, afterLanguage) < 0)
            {
                continue;
            }

            var recorded = await _library.ListRecordedKeysAsync(language, cancellationToken).ConfigureAwait(false);
            var keys = catalog.KeysOf(language).Union(recorded, StringComparer.Ordinal)
                .Where(k => k.StartsWith(request.KeyPrefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                if (language == afterLanguage && string.CompareOrdinal(key, afterKey) <= 0)
                {
                    continue;
                }

                if (response.Prompts.Count == pageSize)
                {
                    var last = response.Prompts[^1];
                    response.NextPageToken = PromptPageToken.Encode(last.Language, last.Key);
                    return response;
                }

                catalog.TryGetText(language, key, out var text);
                response.Prompts.Add(await DescribeAsync(language, key, text, cancellationToken).ConfigureAwait(false));
            }
        }

        return response;
    }

    public async Task RenderAsync(
        RenderPromptsRequest request, IServerStreamWriter<RenderPromptsProgress> responses, ApiKeyIdentity caller, CancellationToken cancellationToken)
    {
        var violations = new FieldViolations();
        var catalog = _catalog.Prompts;
        var languageKnown = Language(request.Language, "language", catalog, violations);
        if (request.Keys.Count > MaxKeysPerRender)
        {
            violations.Add("keys", $"must name at most {MaxKeysPerRender} prompts; names {request.Keys.Count}");
        }
        else if (languageKnown)
        {
            for (var i = 0; i < request.Keys.Count; i++)
            {
                if (!catalog.TryGetText(request.Language, request.Keys[i], out _))
                {
                    violations.Add(
                        string.Create(CultureInfo.InvariantCulture, $"keys[{i}]"),
                        $"'{Shown(request.Keys[i])}' is not a prompt of '{request.Language}' (prompts/{request.Language}/prompts.yaml has no text for it)");
                }
            }
        }

        violations.ThrowIfAny();
        try
        {
            _library.TextToSpeech.GetVoice(request.Language);
        }
        catch (TextToSpeechException e)
        {
            throw new RpcException(new Status(
                StatusCode.FailedPrecondition, $"no text-to-speech voice for '{request.Language}' ({_library.TextToSpeech.Name}): {e.Message}"));
        }

        var keys = request.Keys.Count > 0
            ? request.Keys.Distinct(StringComparer.Ordinal).ToList()
            : [.. catalog.KeysOf(request.Language).Order(StringComparer.Ordinal)];
        int rendered = 0, replaced = 0, failed = 0;
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            catalog.TryGetText(request.Language, key, out var text);
            var progress = new RenderPromptsProgress { Total = keys.Count, Done = i + 1 };
            try
            {
                var existing = await _library.FindAsync(request.Language, key, text, cancellationToken).ConfigureAwait(false);
                var isRecorded = existing?.Source == SpeechPromptSource.Recorded;
                if (!isRecorded || request.IncludeRecorded)
                {
                    var file = await _library.RenderAsync(request.Language, key, text, request.Force, cancellationToken).ConfigureAwait(false);
                    progress.Rendered = file.Source == SpeechPromptSource.Rendered;
                    if (isRecorded && await _library.DeleteRecordingAsync(request.Language, key, cancellationToken).ConfigureAwait(false))
                    {
                        progress.Rendered = true;
                        replaced++;
                    }
                }
            }
            catch (Exception e) when (e is TextToSpeechException or IOException or UnauthorizedAccessException)
            {
                progress.Error = e.Message;
                failed++;
            }

            rendered += progress.Rendered ? 1 : 0;
            progress.Prompt = await DescribeAsync(request.Language, key, text, cancellationToken).ConfigureAwait(false);
            await responses.WriteAsync(progress, cancellationToken).ConfigureAwait(false);
        }

        if (rendered > 0 || replaced > 0)
        {
            var detail = string.Create(
                CultureInfo.InvariantCulture,
                $"{rendered} rendered with {_library.TextToSpeech.Name} ({replaced} replacing a recording), {keys.Count - rendered - failed} up to date or recorded, {failed} failed{(request.Force ? "; forced" : "")}");
            await _audit.AppendAsync(
                new AdminAuditEntry(_time.GetUtcNow(), caller.Name, LayeredApiKeyStore.TextOf(caller.Scope), "prompts_rendered", request.Language, null, detail),
                CancellationToken.None).ConfigureAwait(false);
        }

        ApiLog.PromptsRendered(_logger, request.Language, rendered, failed, caller.Name);
    }

    /// <summary>A prompt as the API shows it: its text, where its audio comes from, how long and when written.</summary>
    private async Task<ApiPrompt> DescribeAsync(string language, string key, string text, CancellationToken cancellationToken)
    {
        var prompt = new ApiPrompt { Language = language, Key = key, Text = text };
        PromptFile? file;
        try
        {
            file = await _library.FindAsync(language, key, text, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            return prompt; // a catalog key that cannot name a file has no audio
        }

        if (file is null)
        {
            return prompt;
        }

        prompt.Source = file.Source == SpeechPromptSource.Recorded ? ApiPromptSource.Recorded : ApiPromptSource.Rendered;
        try
        {
            var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                var (info, _) = await WavFileInfo.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
                prompt.SizeBytes = stream.Length;
                prompt.Duration = Duration.FromTimeSpan(info?.Duration ?? TimeSpan.Zero);
            }

            prompt.UpdatedAt = Timestamp.FromDateTime(File.GetLastWriteTimeUtc(file.Path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // replaced or removed while being described: listed without its figures
        }

        return prompt;
    }

    private static bool Language(string language, string field, PromptCatalog catalog, FieldViolations violations)
    {
        if (language.Length == 0)
        {
            violations.Add(field, "must be given (" + string.Join(", ", catalog.Languages.Order(StringComparer.Ordinal)) + ")");
            return false;
        }

        if (!catalog.HasLanguage(language))
        {
            violations.Add(field, $"'{Shown(language)}' has no prompts/<language>/prompts.yaml; the languages are {string.Join(", ", catalog.Languages.Order(StringComparer.Ordinal))}");
            return false;
        }

        return true;
    }

    private void Key(string key, string field, FieldViolations violations)
    {
        if (PromptLibrary.KeyProblem(key) is { } problem)
        {
            violations.Add(field, $"'{Shown(key)}' cannot be a prompt key: {problem}");
        }
        else if (_library.RecordingsDirectory is null)
        {
            throw new RpcException(new Status(
                StatusCode.FailedPrecondition, $"{SpeechOptions.SectionName}:{nameof(SpeechOptions.RecordingsDirectory)} is not set: there is no folder for recorded prompts"));
        }
    }

    /// <summary>
    /// The next message of an upload. A client that cancels or drops the upload resets the request stream, which
    /// surfaces here as an IOException: that is the client's doing, answered CANCELLED rather than failing the method.
    /// </summary>
    private static async Task<bool> NextPartAsync(IAsyncStreamReader<UploadPromptRequest> requests, CancellationToken cancellationToken)
    {
        try
        {
            return await requests.MoveNext(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "the upload was cut off by the client: " + e.Message));
        }
    }

    private static string Shown(string value) => value.Length > 40 ? value[..40] + "…" : value;

    private static string Target(string language, string key) => language + "/" + key;

    private static RpcException TooLarge(long bytes, int limit) =>
        new(new Status(
            StatusCode.ResourceExhausted,
            string.Create(CultureInfo.InvariantCulture, $"the prompt file is {bytes} bytes or more; at most {limit} are accepted ({ApiOptions.SectionName}:MaxPromptUploadBytes)")));

    private static Span<byte> Grow(MemoryStream stream, int count)
    {
        var start = (int)stream.Length;
        stream.SetLength(start + count);
        stream.Position = start + count;
        return stream.GetBuffer().AsSpan(start, count);
    }
}
