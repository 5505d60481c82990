using System.Buffers.Binary;

namespace IvrService.Media.Rtp;

/// <summary>
/// The RTP fixed header (RFC 3550 section 5.1) and where the payload lies in the packet it was parsed from.
/// Parsing never throws; <see cref="Write"/> emits the 12-byte fixed header only, since this product
/// originates no CSRC list, header extension or padding.
/// </summary>
public readonly struct RtpHeader
{
    /// <summary>Size of the fixed header: V/P/X/CC, M/PT, sequence number, timestamp, SSRC.</summary>
    public const int FixedSize = 12;

    /// <summary>The only RTP version this product speaks.</summary>
    public const int Version = 2;

    /// <summary>Highest payload type a 7-bit field can carry.</summary>
    public const byte MaxPayloadType = 127;

    public RtpHeader(byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, bool marker = false)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, MaxPayloadType);
        PayloadType = payloadType;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        Marker = marker;
        PayloadOffset = FixedSize;
    }

    private RtpHeader(
        byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, bool marker,
        int csrcCount, bool hasExtension, ushort extensionProfile, int extensionOffset, int extensionLength,
        int paddingLength, int payloadOffset, int payloadLength)
    {
        PayloadType = payloadType;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        Marker = marker;
        CsrcCount = csrcCount;
        HasExtension = hasExtension;
        ExtensionProfile = extensionProfile;
        ExtensionOffset = extensionOffset;
        ExtensionLength = extensionLength;
        PaddingLength = paddingLength;
        PayloadOffset = payloadOffset;
        PayloadLength = payloadLength;
    }

    public byte PayloadType { get; }

    public bool Marker { get; }

    public ushort SequenceNumber { get; }

    public uint Timestamp { get; }

    public uint Ssrc { get; }

    /// <summary>Number of contributing sources listed after the SSRC (0–15).</summary>
    public int CsrcCount { get; }

    public bool HasExtension { get; }

    /// <summary>The "defined by profile" 16 bits of the header extension, when present.</summary>
    public ushort ExtensionProfile { get; }

    /// <summary>Offset of the header extension's data (after its 4-byte header), 0 when absent.</summary>
    public int ExtensionOffset { get; }

    /// <summary>Length in bytes of the header extension's data, 0 when absent.</summary>
    public int ExtensionLength { get; }

    public bool HasPadding => PaddingLength > 0;

    /// <summary>Padding octets at the end of the packet, the count octet included; 0 when the P bit is clear.</summary>
    public int PaddingLength { get; }

    public int PayloadOffset { get; }

    public int PayloadLength { get; }

    /// <summary>Size of the header as parsed: fixed part, CSRC list and header extension.</summary>
    public int HeaderLength => PayloadOffset;

    /// <summary>
    /// Reads the header of an RTP packet. Rejects packets shorter than the fixed header, versions other
    /// than 2, CSRC lists or header extensions that run past the end, and padding counts of zero or
    /// longer than what follows the header.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeader header)
    {
        header = default;
        if (packet.Length < FixedSize)
        {
            return false;
        }

        var first = packet[0];
        if (first >> 6 != Version)
        {
            return false;
        }

        var hasPadding = (first & 0x20) != 0;
        var hasExtension = (first & 0x10) != 0;
        var csrcCount = first & 0x0F;
        var second = packet[1];

        var offset = FixedSize + (csrcCount * 4);
        if (offset > packet.Length)
        {
            return false;
        }

        ushort extensionProfile = 0;
        var extensionOffset = 0;
        var extensionLength = 0;
        if (hasExtension)
        {
            if (packet.Length - offset < 4)
            {
                return false;
            }

            extensionProfile = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            extensionLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]) * 4;
            extensionOffset = offset + 4;
            if (packet.Length - extensionOffset < extensionLength)
            {
                return false;
            }

            offset = extensionOffset + extensionLength;
        }

        var paddingLength = 0;
        if (hasPadding)
        {
            paddingLength = packet[^1];
            if (paddingLength == 0 || paddingLength > packet.Length - offset)
            {
                return false;
            }
        }

        header = new RtpHeader(
            (byte)(second & 0x7F),
            BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[8..]),
            (second & 0x80) != 0,
            csrcCount,
            hasExtension,
            extensionProfile,
            extensionOffset,
            extensionLength,
            paddingLength,
            offset,
            packet.Length - offset - paddingLength);
        return true;
    }

    /// <summary>Writes the 12-byte fixed header (V=2, no padding, extension or CSRCs) and returns its size.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="FixedSize"/>.</exception>
    public int Write(Span<byte> destination)
    {
        if (!TryWrite(destination, out var written))
        {
            throw new ArgumentException($"An RTP header needs {FixedSize} bytes; the destination has {destination.Length}.", nameof(destination));
        }

        return written;
    }

    /// <summary>Writes the 12-byte fixed header when it fits.</summary>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        if (destination.Length < FixedSize)
        {
            bytesWritten = 0;
            return false;
        }

        destination[0] = Version << 6;
        destination[1] = (byte)((Marker ? 0x80 : 0) | (PayloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
        bytesWritten = FixedSize;
        return true;
    }
}
