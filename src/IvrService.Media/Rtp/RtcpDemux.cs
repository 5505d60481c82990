namespace IvrService.Media.Rtp;

/// <summary>
/// Tells RTCP from RTP arriving on one port (RFC 5761 section 4). We use separate ports, but a peer
/// that multiplexes anyway, or a stray packet, must not be fed to the wrong parser.
/// </summary>
public static class RtcpDemux
{
    private const byte FirstRtcpType = 192;
    private const byte LastRtcpType = 223;

    /// <summary>
    /// True when the second octet lies in 192–223, the range holding the RTCP packet types (SR 200 to
    /// APP 204 and their neighbours). For RTP that octet is marker + payload type, which reaches this
    /// range only for payload types 64–95 with the marker set, which RFC 5761 forbids when multiplexing.
    /// </summary>
    public static bool IsRtcp(ReadOnlySpan<byte> packet) =>
        packet.Length >= 2 && packet[0] >> 6 == RtpHeader.Version && packet[1] is >= FirstRtcpType and <= LastRtcpType;
}
