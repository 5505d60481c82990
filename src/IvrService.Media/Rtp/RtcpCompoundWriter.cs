using System.Buffers.Binary;
using System.Text;

namespace IvrService.Media.Rtp;

/// <summary>
/// Builds a compound RTCP packet (RFC 3550 section 6.1) in the caller's buffer: an SR or RR first,
/// then SDES with the CNAME, optionally BYE last. Every method returns false, writing nothing, when the
/// packet would not fit or would break the compound rules (anything before the SR/RR, more than 31
/// report blocks, a CNAME or reason over 255 UTF-8 bytes).
/// </summary>
public ref struct RtcpCompoundWriter
{
    private const int HeaderSize = 4;
    private const int MaxReportBlocks = 31;
    private const int MaxTextLength = 255;
    private const byte CnameItem = 1;

    private readonly Span<byte> _buffer;

    public RtcpCompoundWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        BytesWritten = 0;
    }

    public int BytesWritten { get; private set; }

    public readonly ReadOnlySpan<byte> WrittenSpan => _buffer[..BytesWritten];

    public bool TryWriteSenderReport(uint ssrc, in RtcpSenderInfo senderInfo, scoped ReadOnlySpan<RtcpReportBlock> blocks)
    {
        var length = HeaderSize + 4 + RtcpSenderInfo.Size + (blocks.Length * RtcpReportBlock.Size);
        if (BytesWritten != 0 || blocks.Length > MaxReportBlocks || length > _buffer.Length)
        {
            return false;
        }

        var packet = _buffer[..length];
        WriteHeader(packet, blocks.Length, RtcpPacketType.SenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(packet[8..], senderInfo.NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet[16..], senderInfo.RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet[20..], senderInfo.PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(packet[24..], senderInfo.OctetCount);
        WriteBlocks(packet[28..], blocks);
        BytesWritten = length;
        return true;
    }

    public bool TryWriteReceiverReport(uint ssrc, scoped ReadOnlySpan<RtcpReportBlock> blocks)
    {
        var length = HeaderSize + 4 + (blocks.Length * RtcpReportBlock.Size);
        if (BytesWritten != 0 || blocks.Length > MaxReportBlocks || length > _buffer.Length)
        {
            return false;
        }

        var packet = _buffer[..length];
        WriteHeader(packet, blocks.Length, RtcpPacketType.ReceiverReport);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], ssrc);
        WriteBlocks(packet[8..], blocks);
        BytesWritten = length;
        return true;
    }

    /// <summary>An SDES packet with one chunk carrying the CNAME item (RFC 3550 section 6.5.1).</summary>
    public bool TryWriteSourceDescription(uint ssrc, string cname)
    {
        ArgumentNullException.ThrowIfNull(cname);
        var textLength = Encoding.UTF8.GetByteCount(cname);
        var itemsLength = 2 + textLength;
        var length = HeaderSize + 4 + itemsLength + (4 - (itemsLength % 4)); // at least one null octet ends the items
        if (BytesWritten == 0 || textLength > MaxTextLength || length > _buffer.Length - BytesWritten)
        {
            return false;
        }

        var packet = _buffer.Slice(BytesWritten, length);
        packet.Clear();
        WriteHeader(packet, 1, RtcpPacketType.SourceDescription);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], ssrc);
        packet[8] = CnameItem;
        packet[9] = (byte)textLength;
        Encoding.UTF8.GetBytes(cname, packet[10..]);
        BytesWritten += length;
        return true;
    }

    /// <summary>A BYE for <paramref name="ssrc"/>, with an optional reason (RFC 3550 section 6.6).</summary>
    public bool TryWriteBye(uint ssrc, string? reason = null)
    {
        var reasonLength = reason is null ? 0 : Encoding.UTF8.GetByteCount(reason);
        var length = HeaderSize + 4;
        if (reason is not null)
        {
            length += (1 + reasonLength + 3) & ~3;
        }

        if (BytesWritten == 0 || reasonLength > MaxTextLength || length > _buffer.Length - BytesWritten)
        {
            return false;
        }

        var packet = _buffer.Slice(BytesWritten, length);
        packet.Clear();
        WriteHeader(packet, 1, RtcpPacketType.Goodbye);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], ssrc);
        if (reason is not null)
        {
            packet[8] = (byte)reasonLength;
            Encoding.UTF8.GetBytes(reason, packet[9..]);
        }

        BytesWritten += length;
        return true;
    }

    private static void WriteHeader(Span<byte> packet, int count, RtcpPacketType type)
    {
        packet[0] = (byte)((RtpHeader.Version << 6) | count);
        packet[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)((packet.Length / 4) - 1));
    }

    private static void WriteBlocks(Span<byte> destination, scoped ReadOnlySpan<RtcpReportBlock> blocks)
    {
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i].Write(destination[(i * RtcpReportBlock.Size)..]);
        }
    }
}
