namespace IvrService.Media.Rtp;

/// <summary>
/// The sender information of an SR (RFC 3550 section 6.4.1): wall clock (NTP) and RTP clock at the
/// same instant, and the packets and payload octets sent since the stream started.
/// </summary>
public readonly record struct RtcpSenderInfo(ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    public const int Size = 20;

    /// <summary>The middle 32 bits of the NTP timestamp: the LSR a receiver echoes back.</summary>
    public uint CompactNtp => Rtp.NtpTimestamp.Middle32(NtpTimestamp);
}
