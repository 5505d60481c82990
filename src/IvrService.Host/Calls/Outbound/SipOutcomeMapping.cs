using IvrService.Storage.HappyCalls;

namespace IvrService.Host.Calls.Outbound;

/// <summary>
/// What an outbound INVITE's final response means for the attempt (issue 6, "Policy"): busy, declined after
/// ringing, no answer, or failed.
/// </summary>
internal static class SipOutcomeMapping
{
    /// <summary>
    /// 486/600 before any ringing: busy; 486/600/603 after a 180/183, and 603 at any time: declined; our CANCEL at
    /// the ring timeout, 408 and 480: no answer; anything else: failed.
    /// </summary>
    public static AttemptOutcome Classify(int finalStatus, bool rang, bool cancelledByUs) => finalStatus switch
    {
        _ when cancelledByUs => AttemptOutcome.NoAnswer,
        603 => AttemptOutcome.Declined,
        486 or 600 when rang => AttemptOutcome.Declined,
        486 or 600 => AttemptOutcome.Busy,
        408 or 480 => AttemptOutcome.NoAnswer,
        _ => AttemptOutcome.Failed,
    };
}
