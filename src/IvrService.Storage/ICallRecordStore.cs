namespace IvrService.Storage;

/// <summary>
/// Call records, written as the call progresses so that a crash leaves the row behind:
/// inserted when offered, updated when answered and when ended.
/// </summary>
public interface ICallRecordStore
{
    /// <summary>Inserts the row of a newly offered call and returns its id.</summary>
    Task<long> RecordOfferedAsync(CallOffered call, CancellationToken cancellationToken);

    /// <summary>Sets the answer time; false when the row is missing, already answered or already ended.</summary>
    Task<bool> RecordAnsweredAsync(long id, DateTimeOffset answeredAt, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the call; false when the row is missing or already ended (the first end wins). Stores the summary of the
    /// call's steps the reports read either way.
    /// </summary>
    Task<bool> RecordEndedAsync(
        long id, DateTimeOffset endedAt, CallEndReason reason, int? sipStatus, CancellationToken cancellationToken);

    /// <summary>The latest call with this SIP Call-ID, or null.</summary>
    Task<CallRecord?> GetByCallIdAsync(string callId, CancellationToken cancellationToken);

    /// <summary>The most recently offered calls, newest first.</summary>
    Task<IReadOnlyList<CallRecord>> ListAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Ends, as <see cref="CallEndReason.Interrupted"/> at the current time, every call of this instance
    /// still open: run at start, before the instance takes calls. Returns how many rows were ended. The instance's
    /// ended calls whose steps are not summarised yet are summarised.
    /// </summary>
    Task<int> MarkInterruptedCallsAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Stores one key press of the call, as it happens.</summary>
    Task RecordDigitAsync(long id, CallDigit digit, CancellationToken cancellationToken);

    /// <summary>The call's key presses in the order they were stored.</summary>
    Task<IReadOnlyList<CallDigit>> GetDigitsAsync(long id, CancellationToken cancellationToken);

    /// <summary>Notes where the call's recording is being written (set when recording starts).</summary>
    Task SetRecordingPathAsync(long id, string path, CancellationToken cancellationToken);

    /// <summary>Stores the media quality figures (at the end of the call).</summary>
    Task RecordMediaQualityAsync(long id, CallMediaQuality quality, CancellationToken cancellationToken);

    /// <summary>
    /// Stores which flow and version the call ran, how it ended and the caller's last language, with the summary of
    /// the call's steps the reports read (the flow has written its last step by then).
    /// </summary>
    Task RecordFlowOutcomeAsync(long id, CallFlowSummary flow, CancellationToken cancellationToken);
}
