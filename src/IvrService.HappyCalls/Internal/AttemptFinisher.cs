using IvrService.Storage.HappyCalls;
using Microsoft.Extensions.Logging;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// Ends an attempt and decides what follows — the next attempt's job, or the final state — in one transaction, so a
/// crash between the two can neither lose the happy call nor schedule it twice. The end is one statement: a final
/// state needs no transaction of its own; a retry creates its job first and writes the end with its id last, so the
/// change-order lock the end takes is held only for the commit.
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
        var end = new AttemptEnd(
            call.Id, attempt, result.Outcome, result.SipStatus, result.CallRecordId, now,
            decision.NextState, decision.Outcome, decision.NextAttemptAt)
        {
            IsCompletionRetry = decision.IsCompletionRetry,
            SurveyVersion = result.SurveyVersion,
        };

        HappyCallState? state;
        if (decision.NextAttemptAt is { } next)
        {
            using var scope = StorageTransaction.Begin();
            // Rolled back with the end when the attempt was ended before.
            end = end with { NextJobId = jobs.Schedule(call.Id, attempt + 1, next) };
            state = await store.EndAttemptAsync(end, cancellationToken).ConfigureAwait(false);
            if (state is not null)
            {
                scope.Complete();
            }
        }
        else
        {
            state = await store.EndAttemptAsync(end, cancellationToken).ConfigureAwait(false);
        }

        if (state is null)
        {
            HappyCallLog.AttemptAlreadyEnded(logger, call.Id, attempt);
            return null;
        }

        // The customer's wish to stop wins over a retry (the store cancels it; the job just made finds it cancelled
        // and does nothing); a final outcome reached in this attempt stays as it is.
        if (state == HappyCallState.Cancelled && !decision.IsFinal)
        {
            decision = new AttemptDecision(HappyCallState.Cancelled, SurveyOutcome.Cancelled, null, false);
        }

        HappyCallLog.AttemptEnded(logger, call.Id, attempt, result.Outcome, result.SipStatus, decision.NextState, decision.NextAttemptAt, result.Detail);
        return decision;
    }
}
