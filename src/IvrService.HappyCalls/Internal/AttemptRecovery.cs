using IvrService.Storage.HappyCalls;
using Microsoft.Extensions.Logging;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// Ends an attempt whose instance died during it (crash, kill -9, power): its attempt lock is free although the
/// attempt is open. The attempt ends Interrupted — counted as unfinished when the customer had answered in it — and
/// the policy schedules what follows. The call itself was not placed twice: the dead instance's call ended with it.
/// </summary>
internal sealed class AttemptRecovery(DialSlots slots, AttemptFinisher finisher, ILogger<AttemptRecovery> logger)
{
    public async Task<bool> TryRecoverAsync(HappyCall call, int attempt, CancellationToken cancellationToken)
    {
        if (await slots.IsAttemptAliveAsync(call.Id, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var reached = call.Answers.Any(a => a.Attempt == attempt);
        var result = new AttemptResult(AttemptOutcome.Interrupted, null, null, call.SurveyVersion, reached)
        {
            Detail = "the instance running the attempt stopped during it",
        };
        var decision = await finisher.FinishAsync(call, attempt, result, cancellationToken).ConfigureAwait(false);
        if (decision is not null)
        {
            HappyCallLog.AttemptRecovered(logger, call.Id, attempt, decision.NextState);
        }

        return decision is not null;
    }
}
