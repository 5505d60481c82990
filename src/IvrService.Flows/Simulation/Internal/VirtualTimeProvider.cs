namespace IvrService.Flows.Simulation.Internal;

/// <summary>
/// A clock that only moves when told to: <see cref="AdvanceToNextTimer"/> jumps to the earliest pending timer
/// and fires it. The simulator uses it so a caller who lets a timeout pass costs no real time.
/// </summary>
internal sealed class VirtualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<VirtualTimer> _timers = [];
    private DateTimeOffset _now;
    private long _sequence;

    public VirtualTimeProvider(DateTimeOffset start) => _now = start.ToUniversalTime();

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock to the earliest pending timer and fires it; false when no timer is pending.</summary>
    public bool AdvanceToNextTimer()
    {
        VirtualTimer? next = null;
        lock (_gate)
        {
            foreach (var timer in _timers)
            {
                if (next is null || timer.Due < next.Due || (timer.Due == next.Due && timer.Sequence < next.Sequence))
                {
                    next = timer;
                }
            }

            if (next is null)
            {
                return false;
            }

            if (next.Due > _now)
            {
                _now = next.Due;
            }

            if (next.Period > TimeSpan.Zero && next.Period != Timeout.InfiniteTimeSpan)
            {
                next.Due += next.Period;
            }
            else
            {
                _timers.Remove(next);
            }
        }

        next.Fire();
        return true;
    }

    internal void Schedule(VirtualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            timer.Due = _now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            timer.Period = period;
            timer.Sequence = ++_sequence;
            _timers.Add(timer);
        }
    }

    internal void Cancel(VirtualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }
}
