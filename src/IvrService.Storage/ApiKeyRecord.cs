namespace IvrService.Storage;

/// <summary>An API key stored in the database (<c>api_keys</c>): never the key, only the SHA-256 hash of its UTF-8 bytes.</summary>
/// <param name="Name">Who uses it; unique among the keys in force.</param>
/// <param name="Scope"><c>integrator</c> or <c>admin</c>.</param>
/// <param name="Sha256">The 32-byte SHA-256 hash of the key.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="CreatedBy">The name of the key that created it.</param>
/// <param name="RevokedAt">When it was revoked; null while it is in force.</param>
public sealed record ApiKeyRecord(
    string Name, string Scope, ReadOnlyMemory<byte> Sha256, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt);
