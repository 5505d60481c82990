namespace IvrService.Storage.HappyCalls;

/// <summary>
/// The end of an attempt and what becomes of the happy call: <paramref name="NextState"/> Pending with
/// <paramref name="NextAttemptAt"/> for a retry, else a final state with its <paramref name="Outcome"/>.
/// </summary>
public sealed record AttemptEnd(
    long HappyCallId,
    int Attempt,
    AttemptOutcome AttemptOutcome,
    int? SipStatus,
    long? CallRecordId,
    DateTimeOffset EndedAt,
    HappyCallState NextState,
    SurveyOutcome Outcome,
    DateTimeOffset? NextAttemptAt)
{
    /// <summary>True when the next attempt is the one completion retry of an unfinished survey.</summary>
    public bool IsCompletionRetry { get; init; }

    /// <summary>The survey version the attempt ran (0 when it never reached the survey).</summary>
    public int SurveyVersion { get; init; }

    /// <summary>
    /// The job of the next attempt, created in the caller's transaction before the end is written; recorded as the
    /// happy call's job when the happy call stays Pending (else null until <c>SetJobAsync</c>).
    /// </summary>
    public string? NextJobId { get; init; }
}
