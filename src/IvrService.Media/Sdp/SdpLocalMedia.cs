using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace IvrService.Media.Sdp;

/// <summary>
/// What we put in our own SDP: the address and RTP port we receive on and the o= line identity. Keep one per
/// dialog; each new SDP we send in that dialog uses <see cref="NextVersion"/> (RFC 3264 §8: same session id,
/// version one higher).
/// </summary>
public sealed record SdpLocalMedia(IPAddress Address, int RtpPort, ulong SessionId, ulong SessionVersion)
{
    /// <summary>The o= user name; "-" when there is no user to name (RFC 8866 §5.2).</summary>
    public string UserName { get; init; } = "-";

    /// <summary>The s= value.</summary>
    public string SessionName { get; init; } = "-";

    /// <summary>IP4 or IP6, from <see cref="Address"/>.</summary>
    public string AddressType => Address.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4";

    /// <summary>A fresh session id: random, below 2^62 so that every peer reads it as a number.</summary>
    public static ulong NewSessionId()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return (BinaryPrimitives.ReadUInt64LittleEndian(bytes) >> 2) | 1;
    }

    /// <summary>The same media for the next SDP of the dialog: session id kept, version increased by one.</summary>
    public SdpLocalMedia NextVersion() => this with { SessionVersion = SessionVersion + 1 };
}
