using System.Buffers.Binary;

namespace IvrService.Media.Rtp;

/// <summary>A parsed RTP packet as a view over the received bytes: no copy, no allocation.</summary>
public readonly ref struct RtpPacket
{
    private readonly ReadOnlySpan<byte> _packet;

    private RtpPacket(ReadOnlySpan<byte> packet, RtpHeader header)
    {
        _packet = packet;
        Header = header;
    }

    public RtpHeader Header { get; }

    public ReadOnlySpan<byte> Payload => _packet.Slice(Header.PayloadOffset, Header.PayloadLength);

    public ReadOnlySpan<byte> ExtensionData => _packet.Slice(Header.ExtensionOffset, Header.ExtensionLength);

    /// <summary>The contributing source at <paramref name="index"/> (0 to <see cref="RtpHeader.CsrcCount"/> − 1).</summary>
    public uint GetCsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Header.CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_packet[(RtpHeader.FixedSize + (index * 4))..]);
    }

    /// <summary>Parses the header and keeps the packet for the payload view; never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpPacket rtp)
    {
        if (!RtpHeader.TryParse(packet, out var header))
        {
            rtp = default;
            return false;
        }

        rtp = new RtpPacket(packet, header);
        return true;
    }

    /// <summary>Writes the fixed header followed by the payload into the caller's buffer.</summary>
    public static bool TryWrite(Span<byte> destination, in RtpHeader header, ReadOnlySpan<byte> payload, out int bytesWritten)
    {
        if (destination.Length - RtpHeader.FixedSize < payload.Length || !header.TryWrite(destination, out var headerLength))
        {
            bytesWritten = 0;
            return false;
        }

        payload.CopyTo(destination[headerLength..]);
        bytesWritten = headerLength + payload.Length;
        return true;
    }
}
