namespace IvrService.Sip;

/// <summary>The base timer values of RFC 3261 §17 and the timers derived from them (Table 4).</summary>
public sealed record SipTimers(TimeSpan T1, TimeSpan T2, TimeSpan T4)
{
    public static SipTimers Default { get; } = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5));

    /// <summary>64*T1: timers B, F, H, J over UDP; also L and M of RFC 6026.</summary>
    public TimeSpan TransactionTimeout => T1 * 64;

    /// <summary>Timer D: at least 32 s for unreliable transports.</summary>
    public TimeSpan TimerD => TimeSpan.FromSeconds(32) > T1 * 64 ? T1 * 64 : TimeSpan.FromSeconds(32);
}
