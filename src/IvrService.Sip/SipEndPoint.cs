using System.Net;

namespace IvrService.Sip;

/// <summary>A remote or local SIP address: transport plus IP end point.</summary>
public sealed record SipEndPoint(SipTransportKind Transport, IPEndPoint EndPoint)
{
    public string TransportName => Transport == SipTransportKind.Udp ? "UDP" : "TCP";

    public override string ToString() => $"{TransportName.ToLowerInvariant()}:{EndPoint}";
}
