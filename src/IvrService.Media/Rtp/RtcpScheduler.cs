namespace IvrService.Media.Rtp;

/// <summary>
/// When to send the next RTCP report: a nominal interval (5 s, RFC 3550 section 6.2) randomized to
/// 0.5–1.5 times so that peers do not synchronize, the first one after half of that. The pacing loop
/// asks <see cref="TryConsumeDue"/> each tick; nothing here starts timers.
/// </summary>
public sealed class RtcpScheduler
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _timeProvider;
    private readonly Random _random;
    private readonly TimeSpan _nominal;
    private long _lastReportAt;

    public RtcpScheduler(TimeProvider timeProvider, TimeSpan? nominalInterval = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _nominal = nominalInterval ?? DefaultInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_nominal, TimeSpan.Zero, nameof(nominalInterval));
        _timeProvider = timeProvider;
        _random = random ?? Random.Shared;
        NextDelay = NextInterval() / 2;
        _lastReportAt = _timeProvider.GetTimestamp();
    }

    /// <summary>The delay chosen, counted from the last report (or from creation for the first).</summary>
    public TimeSpan NextDelay { get; private set; }

    /// <summary>The nominal interval scaled by a random factor in [0.5, 1.5).</summary>
    public TimeSpan NextInterval() => _nominal * (0.5 + _random.NextDouble());

    /// <summary>True when a report is due now; then schedules the next one from now.</summary>
    public bool TryConsumeDue()
    {
        var now = _timeProvider.GetTimestamp();
        if (_timeProvider.GetElapsedTime(_lastReportAt, now) < NextDelay)
        {
            return false;
        }

        _lastReportAt = now;
        NextDelay = NextInterval();
        return true;
    }
}
