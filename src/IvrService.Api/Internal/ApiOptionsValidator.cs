using System.Globalization;
using Microsoft.Extensions.Options;

namespace IvrService.Api.Internal;

/// <summary>Checks the <c>Api</c> settings at start; each message names its key.</summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var hashes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            var prefix = string.Create(CultureInfo.InvariantCulture, $"{ApiOptions.SectionName}:Keys:{i}");
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                failures.Add($"{prefix}:Name is required.");
            }
            else if (!names.Add(key.Name))
            {
                failures.Add($"{prefix}:Name '{key.Name}' is used by another key.");
            }

            if (key.Scope is null)
            {
                failures.Add($"{prefix}:Scope is required: 'integrator' or 'admin'.");
            }
            else if (!Enum.IsDefined(key.Scope.Value))
            {
                failures.Add($"{prefix}:Scope must be 'integrator' or 'admin'.");
            }

            if (!ApiKeyHash.TryParseHex(key.Sha256, out _))
            {
                failures.Add($"{prefix}:Sha256 must be the key's SHA-256 hash as 64 hex digits (printf %s \"$KEY\" | sha256sum), never the key itself.");
            }
            else if (!hashes.Add(key.Sha256))
            {
                failures.Add($"{prefix}:Sha256 is the hash of another key too.");
            }
        }

        if (options.MaxReceiveMessageBytes is < 64 * 1024 or > 64 * 1024 * 1024)
        {
            failures.Add($"{ApiOptions.SectionName}:MaxReceiveMessageBytes must be between 65536 and 67108864.");
        }

        if (options.MaxSendMessageBytes is < 64 * 1024 or > 64 * 1024 * 1024)
        {
            failures.Add($"{ApiOptions.SectionName}:MaxSendMessageBytes must be between 65536 and 67108864.");
        }

        if (options.RecordingChunkBytes is < 4 * 1024 or > 1024 * 1024)
        {
            failures.Add($"{ApiOptions.SectionName}:RecordingChunkBytes must be between 4096 and 1048576.");
        }
        else if (options.RecordingChunkBytes + 1024 > options.MaxSendMessageBytes)
        {
            failures.Add($"{ApiOptions.SectionName}:RecordingChunkBytes must leave room within {ApiOptions.SectionName}:MaxSendMessageBytes.");
        }

        if (options.MaxPromptUploadBytes is < 1024 or > 64 * 1024 * 1024)
        {
            failures.Add($"{ApiOptions.SectionName}:MaxPromptUploadBytes must be between 1024 and 67108864.");
        }

        if (options.KeyCacheTtl < TimeSpan.Zero || options.KeyCacheTtl > TimeSpan.FromHours(1))
        {
            failures.Add($"{ApiOptions.SectionName}:KeyCacheTtl must be between 00:00:00 and 01:00:00.");
        }

        if (options.ResultCacheMaxAge < TimeSpan.Zero || options.ResultCacheMaxAge > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{ApiOptions.SectionName}:ResultCacheMaxAge must be between 00:00:00 and 00:01:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
