namespace IvrService.HappyCalls;

/// <summary>When a happy call's first attempt is due.</summary>
public static class HappyCallTiming
{
    /// <summary>
    /// The policy's delay after the completion, not before <paramref name="now"/> (a late report is called as soon as
    /// allowed), moved into the customer's window; null when the window has no opening within a year.
    /// </summary>
    public static DateTimeOffset? FirstAttemptTime(HappyCallPolicy policy, CallingWindow window, DateTimeOffset completedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(window);
        var due = completedAt + policy.Delay;
        return window.NextCallTime(due > now ? due : now);
    }
}
