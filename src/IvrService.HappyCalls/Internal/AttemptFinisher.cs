using IvrService.Storage.HappyCalls;
using Microsoft.Extensions.Logging;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// Ends an attempt and decides what follows — the next attempt's job, or the final state — in one transaction, so a
/// crash between the two can neither lose the happy call nor schedule it twice.
/// </summary>
internal sealed class AttemptFinisher(
    IHappyCallStore store,
    HappyCallPolicyResolver policies,
    HappyCallJobs jobs,
    TimeProvider time,
    ILogger<AttemptFinisher> logger)
{
    public async Task<AttemptDecision?> FinishAsync(HappyCall call, int attempt, AttemptResult result, CancellationToken cancellationToken)
    {
        var policy = policies.For(call.ServiceType);
        var window = policy.WindowFor(call.TimeZone);
        var now = time.GetUtcNow();
        var decision = OutcomePolicy.Decide(policy, window, result.Outcome, attempt, call.CompletionRetries, now, result.ReachedCustomer);

        // The customer's wish to stop wins over a retry; a final outcome reached in this attempt stays as it is.
        var latest = await store.GetAsync(call.Id, cancellationToken).ConfigureAwait(false) ?? call;
        if (!decision.IsFinal && latest.CancelRequested)
        {
            decision = new AttemptDecision(HappyCallState.Cancelled, SurveyOutcome.Cancelled, null, false);
        }

        var end = new AttemptEnd(
            call.Id, attempt, result.Outcome, result.SipStatus, result.CallRecordId, now,
            decision.NextState, decision.Outcome, decision.NextAttemptAt)
        {
            IsCompletionRetry = decision.IsCompletionRetry,
            SurveyVersion = result.SurveyVersion,
        };

        using var scope = StorageTransaction.Begin();
        if (!await store.EndAttemptAsync(end, cancellationToken).ConfigureAwait(false))
        {
            HappyCallLog.AttemptAlreadyEnded(logger, call.Id, attempt);
            return null;
        }

        if (decision.NextAttemptAt is { } next)
        {
            var jobId = jobs.Schedule(call.Id, attempt + 1, next);
            await store.SetJobAsync(call.Id, jobId, cancellationToken).ConfigureAwait(false);
        }

        scope.Complete();
        HappyCallLog.AttemptEnded(logger, call.Id, attempt, result.Outcome, result.SipStatus, decision.NextState, decision.NextAttemptAt, result.Detail);
        return decision;
    }
}
