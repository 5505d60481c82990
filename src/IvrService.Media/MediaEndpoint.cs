using System.Net;
using IvrService.Media.Audio;
using IvrService.Media.Sdp;

namespace IvrService.Media;

/// <summary>Where and how to exchange media with the peer, as negotiated in SDP.</summary>
public sealed record MediaEndpoint(
    IPEndPoint Rtp,
    IPEndPoint Rtcp,
    G711Law Law,
    byte PayloadType,
    byte? TelephoneEventPayloadType,
    bool LocalSends,
    bool LocalReceives)
{
    /// <summary>True when the peer's address is the RFC 2543 hold address (0.0.0.0) or otherwise unusable.</summary>
    public bool IsUnreachable => Rtp.Address.Equals(IPAddress.Any) || Rtp.Address.Equals(IPAddress.IPv6Any) || Rtp.Port == 0;

    public static MediaEndpoint From(SdpNegotiationResult negotiated)
    {
        ArgumentNullException.ThrowIfNull(negotiated);
        var address = IPAddress.TryParse(negotiated.RemoteAddress, out var parsed) ? parsed : IPAddress.Any;
        var rtp = new IPEndPoint(address, negotiated.RemotePort);
        var rtcpPort = negotiated.RemotePort == 0 ? 0 : Math.Min(negotiated.RemotePort + 1, IPEndPoint.MaxPort);
        return new MediaEndpoint(
            rtp,
            new IPEndPoint(address, rtcpPort),
            negotiated.Codec.IsPcma ? G711Law.ALaw : G711Law.MuLaw,
            (byte)negotiated.Codec.PayloadType,
            negotiated.TelephoneEventPayloadType is int te ? (byte)te : null,
            negotiated.LocalSends && !negotiated.RemoteOnHold,
            negotiated.LocalReceives);
    }
}
