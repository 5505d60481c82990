namespace IvrService.Api;

/// <summary>One API key of the settings (<c>Api:Keys:N</c>): never the key itself, only its SHA-256 hash.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Who uses the key; unique; written to the audit log.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>integrator</c> or <c>admin</c>.</summary>
    public ApiScope? Scope { get; set; }

    /// <summary>SHA-256 of the key's UTF-8 bytes as 64 hex digits (<see cref="ApiKeyHash.ToHex"/>).</summary>
    public string Sha256 { get; set; } = "";
}
