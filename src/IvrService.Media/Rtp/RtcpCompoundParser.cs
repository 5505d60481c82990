using System.Buffers.Binary;

namespace IvrService.Media.Rtp;

/// <summary>
/// Reads a compound RTCP packet from the peer (RFC 3550 section 6.1 and the validity checks of
/// appendix A.2). Packet types it does not use are skipped; malformed input is rejected, never thrown on.
/// </summary>
public static class RtcpCompoundParser
{
    private const int HeaderSize = 4;

    /// <summary>
    /// Validates the compound (version 2 throughout, SR or RR first, padding only on the last packet,
    /// lengths adding up to the datagram) and extracts the first SR/RR's sender, sender info and the
    /// report block about <paramref name="localSsrc"/>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> compound, uint localSsrc, out RtcpReceivedReport report)
    {
        report = default;
        if (compound.Length < HeaderSize + 4)
        {
            return false;
        }

        var first = (RtcpPacketType)compound[1];
        if (first is not (RtcpPacketType.SenderReport or RtcpPacketType.ReceiverReport))
        {
            return false;
        }

        var offset = 0;
        var isGoodbye = false;
        var sawReport = false;
        uint senderSsrc = 0;
        var hasSenderInfo = false;
        RtcpSenderInfo senderInfo = default;
        var hasBlock = false;
        RtcpReportBlock block = default;

        while (offset < compound.Length)
        {
            var remaining = compound[offset..];
            if (remaining.Length < HeaderSize || remaining[0] >> 6 != RtpHeader.Version)
            {
                return false;
            }

            var length = (BinaryPrimitives.ReadUInt16BigEndian(remaining[2..]) + 1) * 4;
            if (length > remaining.Length)
            {
                return false;
            }

            var packet = remaining[..length];
            var isLast = length == remaining.Length;
            if ((packet[0] & 0x20) != 0)
            {
                if (!isLast || packet[^1] == 0 || packet[^1] > length - HeaderSize)
                {
                    return false;
                }

                packet = packet[..(length - packet[^1])];
            }

            var count = packet[0] & 0x1F;
            switch ((RtcpPacketType)packet[1])
            {
                case RtcpPacketType.SenderReport:
                case RtcpPacketType.ReceiverReport:
                    var isSender = (RtcpPacketType)packet[1] == RtcpPacketType.SenderReport;
                    var blocksOffset = HeaderSize + 4 + (isSender ? RtcpSenderInfo.Size : 0);
                    if (packet.Length < blocksOffset + (count * RtcpReportBlock.Size))
                    {
                        return false;
                    }

                    if (!sawReport)
                    {
                        sawReport = true;
                        senderSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
                        if (isSender)
                        {
                            hasSenderInfo = true;
                            senderInfo = new RtcpSenderInfo(
                                BinaryPrimitives.ReadUInt64BigEndian(packet[8..]),
                                BinaryPrimitives.ReadUInt32BigEndian(packet[16..]),
                                BinaryPrimitives.ReadUInt32BigEndian(packet[20..]),
                                BinaryPrimitives.ReadUInt32BigEndian(packet[24..]));
                        }
                    }

                    for (var i = 0; i < count && !hasBlock; i++)
                    {
                        var candidate = RtcpReportBlock.Read(packet[(blocksOffset + (i * RtcpReportBlock.Size))..]);
                        if (candidate.Ssrc == localSsrc)
                        {
                            hasBlock = true;
                            block = candidate;
                        }
                    }

                    break;
                case RtcpPacketType.Goodbye:
                    if (packet.Length < HeaderSize + (count * 4))
                    {
                        return false;
                    }

                    for (var i = 0; i < count; i++)
                    {
                        isGoodbye |= BinaryPrimitives.ReadUInt32BigEndian(packet[(HeaderSize + (i * 4))..]) == senderSsrc;
                    }

                    break;
                default:
                    // SDES, APP and types from later RFCs (feedback, XR): nothing we act on.
                    break;
            }

            offset += length;
        }

        report = new RtcpReceivedReport(senderSsrc, first, hasSenderInfo, senderInfo, hasBlock, block, isGoodbye);
        return true;
    }
}
