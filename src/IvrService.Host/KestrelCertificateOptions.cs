namespace IvrService.Host;

/// <summary>The certificate of an https endpoint, as Kestrel reads it from a file.</summary>
public sealed class KestrelCertificateOptions
{
    public string? Path { get; set; }

    public string? KeyPath { get; set; }

    public string? Password { get; set; }
}
