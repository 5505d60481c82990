namespace IvrService.Host;

/// <summary>
/// The Kestrel endpoints the product needs (section <c>Kestrel:Endpoints</c>), read here only to check them at
/// start: Kestrel binds them itself. <c>Grpc</c> carries the API (HTTP/2); <c>Http</c> carries <c>/healthz</c> and
/// <c>/metrics</c> (HTTP/1.1).
/// </summary>
public sealed class EndpointOptions
{
    public const string SectionName = "Kestrel:Endpoints";

    public KestrelEndpointOptions? Grpc { get; set; }

    public KestrelEndpointOptions? Http { get; set; }
}
