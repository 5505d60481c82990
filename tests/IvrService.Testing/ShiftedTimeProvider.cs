namespace IvrService.Testing;

/// <summary>
/// The system clock moved to another moment: <see cref="GetUtcNow"/> starts at the given instant when created and
/// runs on at the real rate from there; timers and timestamps stay the system's, so timeouts take real time.
/// A host's flow engine given this clock sees business hours open (or closed) whatever time the test runs.
/// </summary>
public sealed class ShiftedTimeProvider : TimeProvider
{
    private readonly TimeSpan _offset;

    public ShiftedTimeProvider(DateTimeOffset startsAt) => _offset = startsAt - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;
}
