using Hangfire;
using IvrService.HappyCalls.Internal;
using IvrService.Storage;
using IvrService.Storage.HappyCalls;
using Microsoft.Extensions.Logging;

namespace IvrService.HappyCalls;

/// <summary>
/// The Hangfire job of one attempt of one happy call. Hangfire may run a job twice (a restart, an expired
/// invisibility timeout): the attempt is claimed in <c>happy_call_attempts</c> before dialling, so only one run
/// dials. Busy, no answer and the like are business outcomes scheduled by <see cref="OutcomePolicy"/>; the automatic
/// retry is for infrastructure faults only (the database away), and a retried run finds its claim and recovers it.
/// </summary>
internal sealed class HappyCallAttemptJob
{
    private static readonly TimeSpan SlotWait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan SlotRetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>A job this much before its attempt's due time at most waits for it; an earlier one runs as it comes.</summary>
    private static readonly TimeSpan EarlyLimit = TimeSpan.FromSeconds(2);

    /// <summary>Tries to end an attempt (about a minute in all) before the job fails and recovery takes over.</summary>
    private const int FinishTries = 8;

    private readonly IHappyCallStore _store;
    private readonly HappyCallPolicyResolver _policies;
    private readonly DialSlots _slots;
    private readonly HappyCallJobs _jobs;
    private readonly AttemptFinisher _finisher;
    private readonly AttemptRecovery _recovery;
    private readonly IDoNotCallList _doNotCall;
    private readonly ISurveyConversation _conversation;
    private readonly HappyCallMetrics _metrics;
    private readonly HappyCallInstance _instance;
    private readonly DialCapacity _capacity;
    private readonly TimeProvider _time;
    private readonly ILogger<HappyCallAttemptJob> _logger;

    public HappyCallAttemptJob(
        IHappyCallStore store,
        HappyCallPolicyResolver policies,
        DialSlots slots,
        HappyCallJobs jobs,
        AttemptFinisher finisher,
        AttemptRecovery recovery,
        IDoNotCallList doNotCall,
        ISurveyConversation conversation,
        HappyCallMetrics metrics,
        HappyCallInstance instance,
        DialCapacity capacity,
        TimeProvider time,
        ILogger<HappyCallAttemptJob> logger)
    {
        _store = store;
        _policies = policies;
        _slots = slots;
        _jobs = jobs;
        _finisher = finisher;
        _recovery = recovery;
        _doNotCall = doNotCall;
        _conversation = conversation;
        _metrics = metrics;
        _instance = instance;
        _capacity = capacity;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs attempt <paramref name="attempt"/> of the happy call, if it is still due.</summary>
    [AutomaticRetry(Attempts = 10, DelaysInSeconds = [5, 10, 20, 30, 60, 60, 120, 300, 600, 900], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(long happyCallId, int attempt, CancellationToken cancellationToken)
    {
        var call = await _store.GetAsync(happyCallId, cancellationToken).ConfigureAwait(false);
        if (call is null)
        {
            HappyCallLog.JobWithoutCall(_logger, happyCallId, attempt);
            return;
        }

        if (call.State == HappyCallState.InProgress && call.Attempts == attempt)
        {
            // This job ran before and its run died with the instance (or is running elsewhere): recover or leave it.
            await _recovery.TryRecoverAsync(call, attempt, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (call.State != HappyCallState.Pending || call.Attempts != attempt - 1)
        {
            HappyCallLog.StaleJob(_logger, happyCallId, attempt, call.State, call.Attempts);
            return;
        }

        // Hangfire makes a scheduled job due by whole seconds, so it can come up to a second early: the call does not.
        // (A timer counts whole milliseconds and may fire a fraction of one early: the wait is checked again.)
        var due = call.NextAttemptAt ?? DateTimeOffset.MinValue;
        for (var early = due - _time.GetUtcNow(); early > TimeSpan.Zero && early <= EarlyLimit; early = due - _time.GetUtcNow())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(early.TotalMilliseconds)), _time, cancellationToken).ConfigureAwait(false);
        }

        var policy = _policies.For(call.ServiceType);
        var window = policy.WindowFor(call.TimeZone);
        var now = _time.GetUtcNow();
        if (!window.CanStartCall(now))
        {
            await RescheduleAsync(call, attempt, window.NextCallTime(now), "outside the calling window", cancellationToken).ConfigureAwait(false);
            return;
        }

        await using var lease = await _slots.AcquireForAsync(_capacity.ConcurrentCalls, happyCallId, SlotWait, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            await RescheduleAsync(call, attempt, _time.GetUtcNow() + SlotRetryDelay, "every channel busy", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!lease.AttemptLocked)
        {
            HappyCallLog.AttemptHeldElsewhere(_logger, happyCallId, attempt);
            return;
        }

        var claim = await _store.ClaimAttemptAsync(happyCallId, attempt, _instance.Name, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            HappyCallLog.ClaimLost(_logger, happyCallId, attempt);
            return;
        }

        _metrics.AttemptStarted(claim.ClaimedAt - (call.NextAttemptAt ?? claim.ClaimedAt));
        HappyCallLog.AttemptClaimed(_logger, happyCallId, attempt, lease.Slot);
        // From the claim on, nothing is cut short by Hangfire's shutdown token: the attempt ends with an outcome.
        var result = await _doNotCall.ContainsAsync(call.Phone, CancellationToken.None).ConfigureAwait(false)
            ? new AttemptResult(AttemptOutcome.DoNotCall, null, null, 0, false) { Detail = "number on the do-not-call list" }
            : await RunConversationAsync(claim, policy).ConfigureAwait(false);
        _metrics.AttemptEnded(result.Outcome);
        await FinishAsync(claim, result).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends the attempt, trying again while the database is away: left open, it would be recovered as interrupted
    /// and a customer who just finished the survey could be called again.
    /// </summary>
    private async Task FinishAsync(AttemptClaim claim, AttemptResult result)
    {
        for (var tryNumber = 1; ; tryNumber++)
        {
            try
            {
                await _finisher.FinishAsync(claim.Call, claim.Attempt, result, CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (Exception exception) when (tryNumber < FinishTries && exception is Npgsql.NpgsqlException or TimeoutException)
            {
                HappyCallLog.FinishRetried(_logger, exception, claim.Call.Id, claim.Attempt, tryNumber);
                await Task.Delay(TimeSpan.FromSeconds(tryNumber * 2), _time).ConfigureAwait(false);
            }
        }
    }

    private async Task<AttemptResult> RunConversationAsync(AttemptClaim claim, HappyCallPolicy policy)
    {
        try
        {
            // Not the job's token: a call under way is ended by the host's shutdown of calls, not cut by Hangfire.
            return await _conversation.RunAsync(claim, policy, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            HappyCallLog.ConversationFailed(_logger, exception, claim.Call.Id, claim.Attempt);
            return new AttemptResult(AttemptOutcome.Failed, null, null, 0, false) { Detail = exception.Message };
        }
    }

    private async Task RescheduleAsync(HappyCall call, int attempt, DateTimeOffset? at, string why, CancellationToken cancellationToken)
    {
        if (at is null)
        {
            HappyCallLog.NoCallingWindow(_logger, call.Id, attempt);
            return;
        }

        using var scope = StorageTransaction.Begin();
        var jobId = _jobs.Schedule(call.Id, attempt, at.Value);
        await _store.RescheduleAsync(call.Id, jobId, at.Value, cancellationToken).ConfigureAwait(false);
        scope.Complete();
        HappyCallLog.AttemptMoved(_logger, call.Id, attempt, at.Value, why);
    }
}
