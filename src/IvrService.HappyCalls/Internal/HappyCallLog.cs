using IvrService.Storage.HappyCalls;
using Microsoft.Extensions.Logging;

namespace IvrService.HappyCalls.Internal;

/// <summary>Log messages of happy calls (event ids 8000–8099).</summary>
internal static partial class HappyCallLog
{
    [LoggerMessage(8000, LogLevel.Information, "Happy call {HappyCallId} for service {ServiceId} scheduled for {DueAt:o} (job {JobId})")]
    public static partial void Scheduled(ILogger logger, long happyCallId, string serviceId, DateTimeOffset dueAt, string jobId);

    [LoggerMessage(8001, LogLevel.Information, "Happy call {HappyCallId} attempt {Attempt} claimed on channel {Slot}")]
    public static partial void AttemptClaimed(ILogger logger, long happyCallId, int attempt, int slot);

    [LoggerMessage(8002, LogLevel.Information, "Happy call {HappyCallId} attempt {Attempt} ended {Outcome} (SIP {SipStatus}); next: {NextState} at {NextAttemptAt:o}. {Detail}")]
    public static partial void AttemptEnded(
        ILogger logger, long happyCallId, int attempt, AttemptOutcome outcome, int? sipStatus, HappyCallState nextState, DateTimeOffset? nextAttemptAt, string? detail);

    [LoggerMessage(8003, LogLevel.Information, "Happy call {HappyCallId} attempt {Attempt} moved to {At:o}: {Why}")]
    public static partial void AttemptMoved(ILogger logger, long happyCallId, int attempt, DateTimeOffset at, string why);

    [LoggerMessage(8004, LogLevel.Warning, "Job for happy call {HappyCallId} attempt {Attempt}: no such happy call")]
    public static partial void JobWithoutCall(ILogger logger, long happyCallId, int attempt);

    [LoggerMessage(8005, LogLevel.Information, "Job for happy call {HappyCallId} attempt {Attempt} not run: the call is {State} after {Attempts} attempts")]
    public static partial void StaleJob(ILogger logger, long happyCallId, int attempt, HappyCallState state, int attempts);

    [LoggerMessage(8006, LogLevel.Information, "Happy call {HappyCallId} attempt {Attempt} is being dialled by another worker")]
    public static partial void AttemptHeldElsewhere(ILogger logger, long happyCallId, int attempt);

    [LoggerMessage(8007, LogLevel.Information, "Happy call {HappyCallId} attempt {Attempt} was claimed by another run")]
    public static partial void ClaimLost(ILogger logger, long happyCallId, int attempt);

    [LoggerMessage(8008, LogLevel.Error, "Happy call {HappyCallId} attempt {Attempt}: the call failed")]
    public static partial void ConversationFailed(ILogger logger, Exception exception, long happyCallId, int attempt);

    [LoggerMessage(8009, LogLevel.Error, "Happy call {HappyCallId} attempt {Attempt}: the calling window never opens within a year; check HappyCalls:Window and Holidays")]
    public static partial void NoCallingWindow(ILogger logger, long happyCallId, int attempt);

    [LoggerMessage(8010, LogLevel.Warning, "Happy call {HappyCallId} attempt {Attempt} was ended before")]
    public static partial void AttemptAlreadyEnded(ILogger logger, long happyCallId, int attempt);

    [LoggerMessage(8011, LogLevel.Warning, "Happy call {HappyCallId} attempt {Attempt} recovered after its instance stopped; next: {NextState}")]
    public static partial void AttemptRecovered(ILogger logger, long happyCallId, int attempt, HappyCallState nextState);

    [LoggerMessage(8012, LogLevel.Warning, "Happy call {HappyCallId} had no job; scheduled job {JobId} for attempt {Attempt}")]
    public static partial void JobRestored(ILogger logger, long happyCallId, int attempt, string jobId);

    [LoggerMessage(8013, LogLevel.Error, "The happy-call sweep failed; it runs again in {Interval}")]
    public static partial void SweepFailed(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(8014, LogLevel.Information, "Happy call {HappyCallId} for service {ServiceId}: {Outcome}")]
    public static partial void Cancelled(ILogger logger, long happyCallId, string serviceId, string outcome);

    [LoggerMessage(8015, LogLevel.Information, "Call {CallId}: the caller's open survey (happy call {HappyCallId}) is offered as attempt {Attempt}")]
    public static partial void CallInSurvey(ILogger logger, string callId, long happyCallId, int attempt);

    [LoggerMessage(8016, LogLevel.Error, "Call {CallId}: offering the caller's open survey failed; the menu runs")]
    public static partial void CallInFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(8017, LogLevel.Warning, "Happy call {HappyCallId} attempt {Attempt}: ending it failed (try {Try}); trying again")]
    public static partial void FinishRetried(ILogger logger, Exception exception, long happyCallId, int attempt, int @try);

    [LoggerMessage(8018, LogLevel.Information, "Deleted {Count} survey result changes made before {ChangedBefore:o} (HappyCalls:ResultChangeRetention {Retention})")]
    public static partial void ResultChangesPruned(ILogger logger, int count, DateTimeOffset changedBefore, TimeSpan retention);

    [LoggerMessage(8019, LogLevel.Debug, "Survey result change retention: another instance is deleting; this one waits for its next round")]
    public static partial void ResultChangePruningElsewhere(ILogger logger);

    [LoggerMessage(8020, LogLevel.Error, "Deleting old survey result changes failed; it runs again in {Interval}")]
    public static partial void ResultChangePruningFailed(ILogger logger, Exception exception, TimeSpan interval);
}
