using System.Buffers.Binary;
using System.Globalization;

namespace IvrService.Testing;

/// <summary>
/// An RTP stream captured in a classic pcap file (Ethernet, IPv4, UDP), as the ones SIPp plays with
/// <c>play_pcap_audio</c>: how long it lasts, and a copy whose sequence numbers and timestamps start elsewhere.
/// The Debian RFC 4733 captures all carry fixed timestamps, so the same key twice in a row would look like one
/// retransmitted event; a copy per key press with rising timestamps makes every press a new event.
/// </summary>
public sealed class RtpCapture
{
    private const int GlobalHeaderLength = 24;
    private const int PacketHeaderLength = 16;
    private const int EthernetHeaderLength = 14;
    private const int UdpHeaderLength = 8;
    private const int RtpHeaderLength = 12;

    private readonly byte[] _bytes;
    private readonly List<int> _rtpOffsets;

    private RtpCapture(string path, byte[] bytes, List<int> rtpOffsets, TimeSpan duration)
    {
        Path = path;
        _bytes = bytes;
        _rtpOffsets = rtpOffsets;
        Duration = duration;
    }

    public string Path { get; }

    /// <summary>From the first packet's capture time to the last one's, plus the last packet's audio (its timestamp step).</summary>
    public TimeSpan Duration { get; }

    public int PacketCount => _rtpOffsets.Count;

    /// <summary>The RTP sequence number of the first packet.</summary>
    public ushort FirstSequence => BinaryPrimitives.ReadUInt16BigEndian(_bytes.AsSpan(_rtpOffsets[0] + 2));

    /// <summary>The RTP payload type of the first packet (0 PCMU, 8 PCMA, 101 telephone-event in the Debian captures).</summary>
    public int PayloadType => _bytes[_rtpOffsets[0] + 1] & 0x7f;

    /// <summary>The RTP timestamp of the first packet.</summary>
    public uint FirstTimestamp => BinaryPrimitives.ReadUInt32BigEndian(_bytes.AsSpan(_rtpOffsets[0] + 4));

    /// <summary>Reads a little-endian microsecond pcap of Ethernet frames; throws naming the file and offset when it is something else.</summary>
    public static RtpCapture Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < GlobalHeaderLength || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != 0xa1b2c3d4)
        {
            throw new InvalidDataException($"{path}: not a little-endian microsecond pcap file");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(20)) != 1)
        {
            throw new InvalidDataException($"{path}: link type {BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(20))} is not Ethernet (1)");
        }

        var offsets = new List<int>();
        long firstMicros = -1;
        long lastMicros = 0;
        uint previousTimestamp = 0;
        uint lastStep = 160;
        var at = GlobalHeaderLength;
        while (at + PacketHeaderLength <= bytes.Length)
        {
            var header = bytes.AsSpan(at, PacketHeaderLength);
            var micros = (BinaryPrimitives.ReadUInt32LittleEndian(header) * 1_000_000L) + BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
            var frame = at + PacketHeaderLength;
            if (frame + length > bytes.Length)
            {
                throw new InvalidDataException($"{path}: packet at offset {at.ToString(CultureInfo.InvariantCulture)} runs past the end of the file");
            }

            var ip = frame + EthernetHeaderLength;
            if (length < EthernetHeaderLength + 20 || BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(frame + 12)) != 0x0800 || bytes[ip + 9] != 17)
            {
                throw new InvalidDataException($"{path}: packet at offset {at.ToString(CultureInfo.InvariantCulture)} is not IPv4 UDP");
            }

            var rtp = ip + ((bytes[ip] & 0x0f) * 4) + UdpHeaderLength;
            if (rtp + RtpHeaderLength > frame + length || bytes[rtp] >> 6 != 2)
            {
                throw new InvalidDataException($"{path}: packet at offset {at.ToString(CultureInfo.InvariantCulture)} carries no RTP version 2 header");
            }

            var timestamp = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(rtp + 4));
            if (offsets.Count > 0 && timestamp != previousTimestamp)
            {
                lastStep = timestamp - previousTimestamp;
            }

            previousTimestamp = timestamp;
            firstMicros = firstMicros < 0 ? micros : firstMicros;
            lastMicros = micros;
            offsets.Add(rtp);
            at = frame + length;
        }

        if (offsets.Count == 0)
        {
            throw new InvalidDataException($"{path}: no packets");
        }

        // Telephone events repeat one timestamp: their last packet carries no audio of its own.
        var tail = offsets.Count > 1 && previousTimestamp == BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offsets[0] + 4)) ? 0 : lastStep;
        var duration = TimeSpan.FromMicroseconds(lastMicros - firstMicros) + TimeSpan.FromSeconds(tail / 8000.0);
        return new RtpCapture(path, bytes, offsets, duration);
    }

    /// <summary>The payload of every packet in capture order (after the RTP header and its CSRC list).</summary>
    public IReadOnlyList<byte[]> Payloads()
    {
        var payloads = new List<byte[]>(_rtpOffsets.Count);
        foreach (var rtp in _rtpOffsets)
        {
            var udpLength = BinaryPrimitives.ReadUInt16BigEndian(_bytes.AsSpan(rtp - UdpHeaderLength + 4));
            var start = rtp + RtpHeaderLength + ((_bytes[rtp] & 0x0f) * 4);
            var end = rtp - UdpHeaderLength + udpLength;
            payloads.Add(end > start ? _bytes[start..end] : []);
        }

        return payloads;
    }

    /// <summary>
    /// Writes a copy to <paramref name="path"/> whose RTP sequence numbers start at <paramref name="firstSequence"/> and
    /// timestamps at <paramref name="firstTimestamp"/> (the differences between packets kept). The UDP checksum is
    /// cleared (zero means none over IPv4), as the header it covered changed.
    /// </summary>
    public void WriteRenumbered(string path, ushort firstSequence, uint firstTimestamp)
    {
        var copy = (byte[])_bytes.Clone();
        var baseSequence = BinaryPrimitives.ReadUInt16BigEndian(copy.AsSpan(_rtpOffsets[0] + 2));
        var baseTimestamp = BinaryPrimitives.ReadUInt32BigEndian(copy.AsSpan(_rtpOffsets[0] + 4));
        foreach (var rtp in _rtpOffsets)
        {
            var sequence = BinaryPrimitives.ReadUInt16BigEndian(copy.AsSpan(rtp + 2));
            var timestamp = BinaryPrimitives.ReadUInt32BigEndian(copy.AsSpan(rtp + 4));
            BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(rtp + 2), (ushort)(firstSequence + (ushort)(sequence - baseSequence)));
            BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(rtp + 4), firstTimestamp + (timestamp - baseTimestamp));
            BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(rtp - 2), 0);
        }

        File.WriteAllBytes(path, copy);
    }
}
