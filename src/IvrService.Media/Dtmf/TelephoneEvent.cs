using System.Buffers.Binary;

namespace IvrService.Media.Dtmf;

/// <summary>
/// The 4-byte RFC 4733 telephone-event payload: event code, end bit, volume (0 to -63 dBm0, as 0-63)
/// and duration in RTP timestamp units since the event's timestamp.
/// </summary>
public readonly record struct TelephoneEvent(byte Event, bool End, byte Volume, ushort Duration)
{
    /// <summary>Bytes in one event payload.</summary>
    public const int Length = 4;

    private const byte EndBit = 0x80;
    private const byte VolumeMask = 0x3F;

    /// <summary>Reads the first event of a payload; false (never an exception) when it is shorter than 4 bytes.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out TelephoneEvent ev)
    {
        if (payload.Length < Length)
        {
            ev = default;
            return false;
        }

        // The R bit (0x40) is reserved: senders set it to zero and receivers ignore it.
        ev = new TelephoneEvent(
            payload[0],
            (payload[1] & EndBit) != 0,
            (byte)(payload[1] & VolumeMask),
            BinaryPrimitives.ReadUInt16BigEndian(payload[2..]));
        return true;
    }

    /// <summary>Writes the payload into the first 4 bytes of <paramref name="destination"/> and returns 4.</summary>
    public int Write(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"A telephone-event payload needs {Length} bytes.", nameof(destination));
        }

        destination[0] = Event;
        destination[1] = (byte)((End ? EndBit : 0) | (Volume & VolumeMask));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Duration);
        return Length;
    }
}
