namespace IvrService.Storage.HappyCalls;

/// <summary>
/// Happy calls, their attempts and answers, and the ordered change table the results stream reads
/// (<c>happy_calls</c>, <c>happy_call_attempts</c>, <c>survey_answers</c>, <c>survey_result_changes</c>).
/// Every write that changes a result also appends one change in the same transaction and signals it
/// (<c>NOTIFY survey_result_changes</c>). Writes join an ambient transaction (<see cref="StorageTransaction"/>).
/// Appending a change takes a database-wide lock held until the transaction commits (it keeps positions in commit
/// order), so a caller's ambient transaction should make its result-changing store write late and commit promptly.
/// </summary>
public interface IHappyCallStore
{
    /// <summary>
    /// Inserts the happy call of a service, state Pending due at <see cref="NewHappyCall.DueAt"/>, unless the service
    /// has one already: then the stored one is returned with Created false and nothing is written.
    /// </summary>
    Task<(HappyCall Call, bool Created)> CreateAsync(NewHappyCall call, CancellationToken cancellationToken);

    /// <summary>Records the Hangfire job that will run the next attempt.</summary>
    Task SetJobAsync(long happyCallId, string jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a Pending happy call's next attempt (outside the calling window, no free channel) to
    /// <paramref name="nextAttemptAt"/> under a new job; no change is appended. False when it is not Pending.
    /// </summary>
    Task<bool> RescheduleAsync(long happyCallId, string jobId, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);

    Task<HappyCall?> GetAsync(long happyCallId, CancellationToken cancellationToken);

    Task<HappyCall?> GetByServiceAsync(string serviceId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims attempt <paramref name="attempt"/>: only when the call is Pending and has made exactly attempt - 1
    /// attempts, it becomes InProgress with Attempts = attempt and an attempt row is inserted, in one statement
    /// (appending a change; it joins the caller's ambient transaction), which returns the call with its details. Null when the claim is not possible (claimed before, cancelled or cancel requested,
    /// finished): the caller must not dial.
    /// </summary>
    Task<AttemptClaim?> ClaimAttemptAsync(long happyCallId, int attempt, string claimedBy, CancellationToken cancellationToken);

    /// <summary>
    /// Ends an attempt and moves the happy call on as <paramref name="end"/> says, appending a change, in one
    /// statement (it joins the caller's ambient transaction). Only the open attempt can be ended: returns the state
    /// the happy call was left in, or null when the attempt was ended before (nothing written). A retry (NextState
    /// Pending) records <see cref="AttemptEnd.NextJobId"/> as the job id (null until <see cref="SetJobAsync"/> when
    /// not given); when a cancellation was requested during the attempt, a retry cancels the happy call instead
    /// (state and outcome Cancelled, the job id left as it was).
    /// </summary>
    Task<HappyCallState?> EndAttemptAsync(AttemptEnd end, CancellationToken cancellationToken);

    /// <summary>
    /// Stores an answer (replacing an earlier answer to the same question) and raises the escalation flag when
    /// <paramref name="escalates"/>; appends a change.
    /// </summary>
    Task AddAnswerAsync(long happyCallId, SurveyAnswerRecord answer, bool escalates, CancellationToken cancellationToken);

    /// <summary>Marks that the customer left a voice comment (stored at <paramref name="recordingPath"/>); appends a change.</summary>
    Task SetCommentAsync(long happyCallId, string recordingPath, CancellationToken cancellationToken);

    /// <summary>Sets the survey version an attempt runs (on answer of the call); no change is appended for it.</summary>
    Task SetSurveyVersionAsync(long happyCallId, int version, CancellationToken cancellationToken);

    /// <summary>
    /// Cancels a Pending happy call (state Cancelled, outcome Cancelled, change appended). An InProgress one is
    /// flagged (<see cref="HappyCall.CancelRequested"/>, change appended) so that no further attempt is made after
    /// the current one; Finished and other final ones are returned unchanged. The id names the happy call when both
    /// are given. Null when there is no such happy call.
    /// </summary>
    Task<CancelOutcome?> CancelAsync(long? happyCallId, string? serviceId, string reason, CancellationToken cancellationToken);

    /// <summary>Results most recently updated first (then id descending), after <paramref name="after"/>; at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<HappyCall>> ListAsync(SurveyResultFilter filter, SurveyResultCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Changes with positions above <paramref name="afterPosition"/>, in order; at most <paramref name="limit"/>.
    /// Throws <see cref="SurveyResultChangesPrunedException"/> when retention has deleted changes above
    /// <paramref name="afterPosition"/> (read in the same snapshot as the changes, so a reader never skips one unawares).
    /// </summary>
    Task<IReadOnlyList<SurveyResultChange>> ReadChangesAsync(long afterPosition, int limit, CancellationToken cancellationToken);

    /// <summary>Highest position stored (0 when none).</summary>
    Task<long> GetLatestChangePositionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Highest position retention has deleted (0 when none): every change above it is kept, so a reader at or above it
    /// misses nothing (see <see cref="ISurveyResultChangePruner"/>).
    /// </summary>
    Task<long> GetPrunedThroughAsync(CancellationToken cancellationToken);

    /// <summary>Several results by id (for a batch of changes); missing ids are left out.</summary>
    Task<IReadOnlyList<HappyCall>> GetManyAsync(IReadOnlyCollection<long> happyCallIds, CancellationToken cancellationToken);

    /// <summary>
    /// Happy calls InProgress whose open attempt was claimed before <paramref name="claimedBefore"/>: candidates for
    /// recovery after their instance died (the caller checks liveness with the attempt lock).
    /// </summary>
    Task<IReadOnlyList<AttemptClaim>> ListOpenAttemptsAsync(DateTimeOffset claimedBefore, CancellationToken cancellationToken);

    /// <summary>Pending happy calls due before <paramref name="dueBefore"/> whose job id is null (never scheduled).</summary>
    Task<IReadOnlyList<HappyCall>> ListUnscheduledAsync(DateTimeOffset dueBefore, int limit, CancellationToken cancellationToken);

    /// <summary>How many happy calls are Pending with their next attempt due before <paramref name="dueBefore"/> (the backlog).</summary>
    Task<long> CountPendingDueAsync(DateTimeOffset dueBefore, CancellationToken cancellationToken);

    /// <summary>Pending happy calls with an open survey for this number (E.164): a pending or unfinished one, newest first.</summary>
    Task<HappyCall?> FindOpenSurveyForPhoneAsync(string phone, CancellationToken cancellationToken);
}
