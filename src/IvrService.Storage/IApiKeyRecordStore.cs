namespace IvrService.Storage;

/// <summary>The API keys managed through the admin API (<c>api_keys</c>); the keys of the settings are not here.</summary>
public interface IApiKeyRecordStore
{
    /// <summary>
    /// Stores a new key; null when a key in force already has its name (nothing written). <paramref name="audit"/>,
    /// when given, is written in the same transaction.
    /// </summary>
    Task<ApiKeyRecord?> CreateAsync(ApiKeyRecord key, AdminAuditEntry? audit, CancellationToken cancellationToken);

    /// <summary>Revokes the key in force named <paramref name="name"/>; the revoked key, or null when there is none.</summary>
    Task<ApiKeyRecord?> RevokeAsync(string name, DateTimeOffset at, string revokedBy, AdminAuditEntry? audit, CancellationToken cancellationToken);

    /// <summary>The keys in force, ordered by name.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListActiveAsync(CancellationToken cancellationToken);

    /// <summary>The key in force whose hash is <paramref name="sha256"/>, or null (unknown or revoked).</summary>
    Task<ApiKeyRecord?> FindActiveAsync(ReadOnlyMemory<byte> sha256, CancellationToken cancellationToken);
}
