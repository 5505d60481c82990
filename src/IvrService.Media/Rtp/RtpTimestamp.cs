namespace IvrService.Media.Rtp;

/// <summary>32-bit RTP timestamp arithmetic that survives the 2^32 wrap.</summary>
public static class RtpTimestamp
{
    /// <summary>Signed distance from <paramref name="earlier"/> to <paramref name="later"/> in clock units.</summary>
    public static int Difference(uint later, uint earlier) => unchecked((int)(later - earlier));

    /// <summary>True when <paramref name="candidate"/> comes after <paramref name="reference"/> in modular order.</summary>
    public static bool IsNewer(uint candidate, uint reference) => Difference(candidate, reference) > 0;

    /// <summary><paramref name="timestamp"/> advanced by <paramref name="units"/>, wrapping at 2^32.</summary>
    public static uint Add(uint timestamp, int units) => unchecked(timestamp + (uint)units);
}
