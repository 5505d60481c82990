using System.Buffers.Binary;

namespace IvrService.Media.Rtp;

/// <summary>
/// One reception report block (RFC 3550 section 6.4.1): what the reporter received from
/// <paramref name="Ssrc"/>. <paramref name="CumulativeLost"/> is 24-bit signed on the wire;
/// <paramref name="LastSenderReport"/> and <paramref name="DelaySinceLastSenderReport"/> are in 1/65536 s.
/// </summary>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    public const int Size = 24;

    public const int MaxCumulativeLost = 0x7FFFFF;

    public const int MinCumulativeLost = -0x800000;

    /// <summary>The fraction lost as a ratio from 0 to 255/256.</summary>
    public double FractionLostRatio => FractionLost / 256.0;

    /// <summary>
    /// Round-trip time seen from the sender of the SR this block answers (RFC 3550 section 6.4.1):
    /// arrival − LSR − DLSR. False when the reporter has had no SR from us yet (LSR 0) or the
    /// values do not add up.
    /// </summary>
    public bool TryGetRoundTripTime(ulong arrivalNtp, out TimeSpan roundTripTime)
    {
        roundTripTime = TimeSpan.Zero;
        if (LastSenderReport == 0)
        {
            return false;
        }

        var sinceSenderReport = unchecked(NtpTimestamp.Middle32(arrivalNtp) - LastSenderReport);
        if (sinceSenderReport < DelaySinceLastSenderReport || sinceSenderReport > int.MaxValue)
        {
            return false;
        }

        roundTripTime = NtpTimestamp.FromShortUnits(sinceSenderReport - DelaySinceLastSenderReport);
        return true;
    }

    /// <summary>Clamps a cumulative loss count into the 24-bit signed range of the wire format.</summary>
    public static int ClampCumulativeLost(long lost) => (int)Math.Clamp(lost, MinCumulativeLost, MaxCumulativeLost);

    internal static RtcpReportBlock Read(ReadOnlySpan<byte> source)
    {
        var lostWord = BinaryPrimitives.ReadUInt32BigEndian(source[4..]);
        var lost = (int)(lostWord << 8) >> 8; // sign-extend the low 24 bits
        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(source),
            (byte)(lostWord >> 24),
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[20..]));
    }

    internal void Write(Span<byte> destination)
    {
        var lost = (uint)ClampCumulativeLost(CumulativeLost) & 0xFFFFFF;
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ((uint)FractionLost << 24) | lost);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
    }
}
