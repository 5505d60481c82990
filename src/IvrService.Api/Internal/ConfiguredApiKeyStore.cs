using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace IvrService.Api.Internal;

/// <summary>
/// The keys of <c>Api:Keys</c> (reloaded when the settings change). Every configured hash is compared with the
/// presented one in constant time, and all of them are compared, so the time taken tells nothing about the keys.
/// </summary>
internal sealed class ConfiguredApiKeyStore : IApiKeyStore, IDisposable
{
    private readonly IDisposable? _subscription;
    private volatile Entry[] _entries;

    public ConfiguredApiKeyStore(IOptionsMonitor<ApiOptions> options)
    {
        _entries = Load(options.CurrentValue);
        _subscription = options.OnChange(changed => _entries = Load(changed));
    }

    /// <summary>The keys of the settings (names and scopes), in the order they are configured.</summary>
    public IReadOnlyList<ApiKeyIdentity> Identities => [.. _entries.Select(e => e.Identity)];

    public ValueTask<ApiKeyIdentity?> FindAsync(ReadOnlyMemory<byte> keyHash, CancellationToken cancellationToken)
    {
        ApiKeyIdentity? found = null;
        foreach (var entry in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(entry.Hash, keyHash.Span))
            {
                found ??= entry.Identity;
            }
        }

        return ValueTask.FromResult(found);
    }

    public void Dispose() => _subscription?.Dispose();

    private static Entry[] Load(ApiOptions options)
    {
        var entries = new List<Entry>(options.Keys.Count);
        foreach (var key in options.Keys)
        {
            // The validator rejects bad entries at start; a bad entry in a reloaded file is skipped, never half-used.
            if (key.Scope is { } scope && !string.IsNullOrWhiteSpace(key.Name) && ApiKeyHash.TryParseHex(key.Sha256, out var hash))
            {
                entries.Add(new Entry(hash, new ApiKeyIdentity(key.Name, scope)));
            }
        }

        return [.. entries];
    }

    private sealed record Entry(byte[] Hash, ApiKeyIdentity Identity);
}
