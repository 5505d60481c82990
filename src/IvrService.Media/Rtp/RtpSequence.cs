namespace IvrService.Media.Rtp;

/// <summary>16-bit RTP sequence number arithmetic that survives the 65535 → 0 wrap.</summary>
public static class RtpSequence
{
    /// <summary>Number of distinct sequence numbers (RTP_SEQ_MOD in RFC 3550 appendix A.1).</summary>
    public const int Modulus = 1 << 16;

    /// <summary>Signed distance from <paramref name="earlier"/> to <paramref name="later"/>, in −32768..32767.</summary>
    public static int Difference(ushort later, ushort earlier) => unchecked((short)(ushort)(later - earlier));

    /// <summary>True when <paramref name="candidate"/> comes after <paramref name="reference"/> in modular order.</summary>
    public static bool IsNewer(ushort candidate, ushort reference) => Difference(candidate, reference) > 0;

    /// <summary>The sequence number following <paramref name="sequenceNumber"/>, wrapping 65535 to 0.</summary>
    public static ushort Next(ushort sequenceNumber) => unchecked((ushort)(sequenceNumber + 1));
}
