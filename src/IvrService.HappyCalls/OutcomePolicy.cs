using IvrService.Storage.HappyCalls;

namespace IvrService.HappyCalls;

/// <summary>
/// What follows an attempt, by its outcome:
/// <list type="table">
/// <item><term>Busy, NoAnswer, Failed, AnsweringMachine, Interrupted</term><description>another attempt after the
/// outcome's <see cref="HappyCallPolicy.RetryAfter"/> delay, moved into the window, while attempts remain; then
/// Unreached (or Finished/Partial when the customer was reached by an earlier attempt).</description></item>
/// <item><term>Unfinished</term><description>a completion retry (after the Unfinished delay, in the window) while
/// <see cref="HappyCallPolicy.CompletionRetries"/> allow; then Finished/Partial.</description></item>
/// <item><term>Declined, OptedOut, Completed</term><description>Finished with that outcome; never called again.</description></item>
/// <item><term>DoNotCall</term><description>DoNotCall; never called again.</description></item>
/// </list>
/// Completion retries do not use up <see cref="HappyCallPolicy.MaxAttempts"/>: the allowance is MaxAttempts plus
/// the completion retries made, so a customer reached on the last attempt still gets the call that finishes the
/// survey, and a busy completion retry is retried like any attempt. When no window opens within a year the call
/// ends as if no attempt remained.
/// </summary>
public static class OutcomePolicy
{
    /// <summary>True for outcomes followed by another attempt (when allowed); false for final ones.</summary>
    public static bool IsRetried(AttemptOutcome outcome) => outcome is AttemptOutcome.Busy or AttemptOutcome.NoAnswer
        or AttemptOutcome.Failed or AttemptOutcome.AnsweringMachine or AttemptOutcome.Unfinished or AttemptOutcome.Interrupted;

    /// <summary>Decides what follows an attempt that ended with <paramref name="outcome"/> at <paramref name="now"/>.</summary>
    /// <param name="policy">The rules of the happy call's service type.</param>
    /// <param name="window">The customer's calling window.</param>
    /// <param name="outcome">How the attempt ended.</param>
    /// <param name="attemptsMade">Attempts made so far, the one that just ended included.</param>
    /// <param name="completionRetriesMade">Completion retries scheduled so far (the happy call's count).</param>
    /// <param name="now">When the attempt ended.</param>
    /// <param name="reachedCustomer">
    /// The customer answered at least one question in this attempt: an Interrupted or Failed attempt (our instance
    /// or the media died mid-survey) then counts as Unfinished, retried after its own delay.
    /// </param>
    public static AttemptDecision Decide(
        HappyCallPolicy policy,
        CallingWindow window,
        AttemptOutcome outcome,
        int attemptsMade,
        int completionRetriesMade,
        DateTimeOffset now,
        bool reachedCustomer = false)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentOutOfRangeException.ThrowIfNegative(attemptsMade);
        ArgumentOutOfRangeException.ThrowIfNegative(completionRetriesMade);
        return outcome switch
        {
            AttemptOutcome.Completed => Final(HappyCallState.Finished, SurveyOutcome.Completed),
            AttemptOutcome.OptedOut => Final(HappyCallState.Finished, SurveyOutcome.OptedOut),
            AttemptOutcome.Declined => Final(HappyCallState.Finished, SurveyOutcome.Declined),
            AttemptOutcome.DoNotCall => Final(HappyCallState.DoNotCall, SurveyOutcome.DoNotCall),
            AttemptOutcome.Unfinished => CompletionRetry(policy, window, policy.RetryDelay(outcome), completionRetriesMade, now),
            AttemptOutcome.Interrupted or AttemptOutcome.Failed when reachedCustomer =>
                CompletionRetry(policy, window, policy.RetryDelay(outcome), completionRetriesMade, now),
            AttemptOutcome.Busy or AttemptOutcome.NoAnswer or AttemptOutcome.Failed or AttemptOutcome.AnsweringMachine or AttemptOutcome.Interrupted =>
                Retry(policy, window, policy.RetryDelay(outcome), attemptsMade, completionRetriesMade, now),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, $"{outcome} is not an attempt outcome"),
        };
    }

    private static AttemptDecision Retry(HappyCallPolicy policy, CallingWindow window, TimeSpan delay, int attemptsMade, int completionRetriesMade, DateTimeOffset now)
    {
        if (attemptsMade < policy.MaxAttempts + completionRetriesMade && window.NextCallTime(now + delay) is { } next)
        {
            return new AttemptDecision(HappyCallState.Pending, SurveyOutcome.None, next, IsCompletionRetry: false);
        }

        // A completion retry is only ever scheduled after the customer was reached, so their answers stand.
        return completionRetriesMade > 0
            ? Final(HappyCallState.Finished, SurveyOutcome.Partial)
            : Final(HappyCallState.Unreached, SurveyOutcome.Unreached);
    }

    private static AttemptDecision CompletionRetry(HappyCallPolicy policy, CallingWindow window, TimeSpan delay, int completionRetriesMade, DateTimeOffset now)
    {
        if (completionRetriesMade < policy.CompletionRetries && window.NextCallTime(now + delay) is { } next)
        {
            return new AttemptDecision(HappyCallState.Pending, SurveyOutcome.None, next, IsCompletionRetry: true);
        }

        return Final(HappyCallState.Finished, SurveyOutcome.Partial);
    }

    private static AttemptDecision Final(HappyCallState state, SurveyOutcome outcome) => new(state, outcome, null, IsCompletionRetry: false);
}
