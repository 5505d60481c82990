namespace IvrService.Api;

/// <summary>
/// Finds the API key a request presented, by the SHA-256 hash of the key (keys are never stored in clear).
/// The settings (<c>Api:Keys</c>) are one store; a database table managed by <c>ivrctl keys</c> can be another.
/// </summary>
public interface IApiKeyStore
{
    /// <summary>The key whose SHA-256 hash is <paramref name="keyHash"/> (32 bytes), or null when there is none.</summary>
    ValueTask<ApiKeyIdentity?> FindAsync(ReadOnlyMemory<byte> keyHash, CancellationToken cancellationToken);
}
