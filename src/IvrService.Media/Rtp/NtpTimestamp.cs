namespace IvrService.Media.Rtp;

/// <summary>64-bit NTP timestamps as RTCP carries them: seconds since 1900 in the upper 32 bits, fraction in the lower.</summary>
public static class NtpTimestamp
{
    private static readonly long NtpEpochTicks = new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    public static ulong FromDateTimeOffset(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - NtpEpochTicks;
        var seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        var fraction = ((ulong)(ticks % TimeSpan.TicksPerSecond) << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    public static DateTimeOffset ToDateTimeOffset(ulong ntp)
    {
        var seconds = (long)(ntp >> 32);
        var fractionTicks = (long)(((ntp & uint.MaxValue) * TimeSpan.TicksPerSecond) >> 32);
        return new DateTimeOffset(NtpEpochTicks + (seconds * TimeSpan.TicksPerSecond) + fractionTicks, TimeSpan.Zero);
    }

    /// <summary>The middle 32 bits (16.16 seconds) used by LSR and round-trip time arithmetic.</summary>
    public static uint Middle32(ulong ntp) => (uint)(ntp >> 16);

    /// <summary>A duration in the 1/65536-second units of DLSR, saturated at the 32-bit maximum.</summary>
    public static uint ToShortUnits(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return 0;
        }

        var units = (ulong)duration.Ticks * 65536UL / TimeSpan.TicksPerSecond;
        return units > uint.MaxValue ? uint.MaxValue : (uint)units;
    }

    /// <summary>A count of 1/65536-second units as a duration.</summary>
    public static TimeSpan FromShortUnits(uint units) => TimeSpan.FromTicks((long)((ulong)units * TimeSpan.TicksPerSecond / 65536UL));
}
