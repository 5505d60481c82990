using IvrService.Storage.HappyCalls;

namespace IvrService.HappyCalls;

/// <summary>
/// What becomes of a happy call after an attempt: <see cref="HappyCallState.Pending"/> with
/// <see cref="NextAttemptAt"/> (inside the window) for another attempt, else a final state and its survey outcome.
/// </summary>
public sealed record AttemptDecision(HappyCallState NextState, SurveyOutcome Outcome, DateTimeOffset? NextAttemptAt, bool IsCompletionRetry)
{
    /// <summary>True when no attempt follows.</summary>
    public bool IsFinal => NextState != HappyCallState.Pending;
}
