namespace IvrService.Flows.Simulation.Internal;

/// <summary>A timer of the <see cref="VirtualTimeProvider"/>: due at a virtual instant, fired when the clock gets there.</summary>
internal sealed class VirtualTimer : ITimer
{
    private readonly VirtualTimeProvider _clock;
    private readonly TimerCallback _callback;
    private readonly object? _state;
    private bool _disposed;

    public VirtualTimer(VirtualTimeProvider clock, TimerCallback callback, object? state)
    {
        _clock = clock;
        _callback = callback;
        _state = state;
    }

    public DateTimeOffset Due { get; set; }

    public TimeSpan Period { get; set; }

    public long Sequence { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (_disposed)
        {
            return false;
        }

        _clock.Schedule(this, dueTime, period);
        return true;
    }

    public void Fire() => _callback(_state);

    public void Dispose()
    {
        _disposed = true;
        _clock.Cancel(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
