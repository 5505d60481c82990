namespace IvrService.Host;

/// <summary>One endpoint of <c>Kestrel:Endpoints</c>: the keys Kestrel reads that the start-up check looks at.</summary>
public sealed class KestrelEndpointOptions
{
    /// <summary><c>http://address:port</c> or <c>https://address:port</c>; port 0 takes a free port.</summary>
    public string? Url { get; set; }

    /// <summary>Http1, Http2, Http1AndHttp2 (Kestrel's names).</summary>
    public string? Protocols { get; set; }

    public KestrelCertificateOptions? Certificate { get; set; }
}
