using System.Collections.Concurrent;
using IvrService.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace IvrService.Api.Internal;

/// <summary>
/// The keys requests are checked against: those of the settings (<c>Api:Keys</c>) first, then those created through
/// the admin API (<c>api_keys</c>, revoked ones refused). What the database answered for a hash — a key or none — is
/// remembered for <see cref="ApiOptions.KeyCacheTtl"/>; a create or revoke on this instance forgets it all at once
/// (<see cref="Invalidate"/>), so only a revoke made through another instance waits for the time to pass. An unknown
/// key remembered as unknown cannot become valid by a create, since a created key is new random bytes.
/// </summary>
internal sealed class LayeredApiKeyStore : IApiKeyStore
{
    /// <summary>Hashes remembered at most; past it the memory is dropped (a flood of unknown keys cannot grow it).</summary>
    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, Remembered> _remembered = new(StringComparer.Ordinal);
    private readonly ConfiguredApiKeyStore _settings;
    private readonly IApiKeyRecordStore _records;
    private readonly TimeProvider _time;
    private readonly TimeSpan _ttl;
    private long _generation;

    public LayeredApiKeyStore(ConfiguredApiKeyStore settings, IApiKeyRecordStore records, TimeProvider time, IOptions<ApiOptions> options)
    {
        _settings = settings;
        _records = records;
        _time = time;
        _ttl = options.Value.KeyCacheTtl;
    }

    public async ValueTask<ApiKeyIdentity?> FindAsync(ReadOnlyMemory<byte> keyHash, CancellationToken cancellationToken)
    {
        var configured = await _settings.FindAsync(keyHash, cancellationToken).ConfigureAwait(false);
        if (configured is not null)
        {
            return configured;
        }

        var hex = Convert.ToHexStringLower(keyHash.Span);
        var now = _time.GetTimestamp();
        if (_remembered.TryGetValue(hex, out var remembered) && _time.GetElapsedTime(remembered.At, now) < _ttl)
        {
            return remembered.Identity;
        }

        var generation = Interlocked.Read(ref _generation);
        ApiKeyRecord? record;
        try
        {
            record = await _records.FindActiveAsync(keyHash, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw new Grpc.Core.RpcException(new Grpc.Core.Status(
                Grpc.Core.StatusCode.Unavailable, "the API keys cannot be checked: the database does not answer", e));
        }

        var identity = record is null ? null : new ApiKeyIdentity(record.Name, ScopeOf(record.Scope));
        if (_ttl > TimeSpan.Zero)
        {
            if (_remembered.Count >= MaxRemembered)
            {
                _remembered.Clear();
            }

            // A create or revoke that ran during the lookup makes its answer suspect: it is used, not remembered.
            if (Interlocked.Read(ref _generation) == generation)
            {
                _remembered[hex] = new Remembered(identity, now);
            }
        }

        return identity;
    }

    /// <summary>Forgets every remembered answer (after a key was created or revoked here).</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _remembered.Clear();
    }

    /// <summary>The scope stored as text (<c>integrator</c>, <c>admin</c>); the table allows no other value.</summary>
    public static ApiScope ScopeOf(string scope) =>
        scope == "admin" ? ApiScope.Admin : scope == "integrator" ? ApiScope.Integrator
            : throw new InvalidOperationException($"api_keys: scope '{scope}' is neither 'integrator' nor 'admin'");

    /// <summary>The text stored for a scope.</summary>
    public static string TextOf(ApiScope scope) => scope == ApiScope.Admin ? "admin" : "integrator";

    private sealed record Remembered(ApiKeyIdentity? Identity, long At);
}
