using System.Buffers.Binary;

namespace IvrService.Benchmarks.Load;

/// <summary>One UDP/IPv4 datagram seen in a capture: when, and between which ports.</summary>
internal readonly record struct CapturedDatagram(long TimestampMicroseconds, int SourcePort, int DestinationPort);

/// <summary>
/// Reads a classic pcap file (not pcapng: dumpcap -P) record by record: the 24-byte global header (magic for
/// byte order and µs/ns resolution, link type), then per packet a 16-byte record header with its timestamp
/// and captured length. Only IPv4 UDP over Ethernet (loopback's link type), Linux cooked v1/v2 and raw IP
/// are decoded; anything else is skipped.
/// </summary>
internal static class PcapReader
{
    private const int LinkEthernet = 1;
    private const int LinkRaw = 101;
    private const int LinkLinuxCooked = 113;
    private const int LinkLinuxCookedV2 = 276;

    public static IEnumerable<CapturedDatagram> ReadUdp(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20);
        var header = new byte[24];
        if (stream.ReadAtLeast(header.AsSpan(), 24, throwOnEndOfStream: false) < 24)
        {
            yield break;
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        var (bigEndian, nanos) = magic switch
        {
            0xA1B2C3D4 => (false, false),
            0xA1B23C4D => (false, true),
            0xD4C3B2A1 => (true, false),
            0x4D3CB2A1 => (true, true),
            _ => throw new InvalidDataException($"{path}: not a pcap file (magic {magic:x8}; pcapng? capture with dumpcap -P)"),
        };
        var linkType = (int)(Read32(header.AsSpan(20), bigEndian) & 0x0FFFFFFF);
        var record = new byte[16];
        var data = new byte[65536];
        while (stream.ReadAtLeast(record, 16, throwOnEndOfStream: false) == 16)
        {
            var seconds = Read32(record, bigEndian);
            var fraction = Read32(record.AsSpan(4), bigEndian);
            var included = (int)Read32(record.AsSpan(8), bigEndian);
            if (included < 0 || included > data.Length)
            {
                throw new InvalidDataException($"{path}: record of {included} bytes");
            }

            if (stream.ReadAtLeast(data.AsSpan(0, included), included, throwOnEndOfStream: false) < included)
            {
                yield break;
            }

            var micros = (seconds * 1_000_000L) + (nanos ? fraction / 1000 : fraction);
            if (TryDecodeUdp(data.AsSpan(0, included), linkType, out var sourcePort, out var destinationPort))
            {
                yield return new CapturedDatagram(micros, sourcePort, destinationPort);
            }
        }
    }

    private static bool TryDecodeUdp(ReadOnlySpan<byte> frame, int linkType, out int sourcePort, out int destinationPort)
    {
        sourcePort = destinationPort = 0;
        int ipOffset;
        switch (linkType)
        {
            case LinkEthernet when frame.Length >= 14 && BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) == 0x0800:
                ipOffset = 14;
                break;
            case LinkLinuxCooked when frame.Length >= 16 && BinaryPrimitives.ReadUInt16BigEndian(frame[14..]) == 0x0800:
                ipOffset = 16;
                break;
            case LinkLinuxCookedV2 when frame.Length >= 20 && BinaryPrimitives.ReadUInt16BigEndian(frame) == 0x0800:
                ipOffset = 20;
                break;
            case LinkRaw:
                ipOffset = 0;
                break;
            default:
                return false;
        }

        var ip = frame[ipOffset..];
        if (ip.Length < 20 || ip[0] >> 4 != 4 || ip[9] != 17)
        {
            return false;
        }

        var udp = ip[((ip[0] & 0x0F) * 4)..];
        if (udp.Length < 4)
        {
            return false;
        }

        sourcePort = BinaryPrimitives.ReadUInt16BigEndian(udp);
        destinationPort = BinaryPrimitives.ReadUInt16BigEndian(udp[2..]);
        return true;
    }

    private static uint Read32(ReadOnlySpan<byte> bytes, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
}
