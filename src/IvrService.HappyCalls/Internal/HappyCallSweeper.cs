using IvrService.Storage.HappyCalls;
using Microsoft.Extensions.Logging;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// The safety net under Hangfire, on every instance: ends attempts whose instance died (their attempt lock is free),
/// gives a job to any pending happy call that has none, and refreshes the backlog gauge.
/// </summary>
internal sealed class HappyCallSweeper(
    IHappyCallStore store,
    AttemptRecovery recovery,
    HappyCallJobs jobs,
    HappyCallMetrics metrics,
    TimeProvider time,
    ILogger<HappyCallSweeper> logger) : PeriodicRound(time)
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(15);

    /// <summary>An attempt younger than this is left alone: its instance may still be taking its locks.</summary>
    public static readonly TimeSpan RecoveryGrace = TimeSpan.FromSeconds(30);

    protected override TimeSpan Interval => SweepInterval;

    protected override Task RunRoundAsync(CancellationToken cancellationToken) => SweepAsync(cancellationToken);

    protected override void OnRoundFailed(Exception exception) => HappyCallLog.SweepFailed(logger, exception, SweepInterval);

    internal async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        foreach (var open in await store.ListOpenAttemptsAsync(now - RecoveryGrace, cancellationToken).ConfigureAwait(false))
        {
            await recovery.TryRecoverAsync(open.Call, open.Attempt, cancellationToken).ConfigureAwait(false);
        }

        foreach (var call in await store.ListUnscheduledAsync(now + TimeSpan.FromDays(3650), 500, cancellationToken).ConfigureAwait(false))
        {
            using var scope = StorageTransaction.Begin();
            var jobId = jobs.Schedule(call.Id, call.Attempts + 1, call.NextAttemptAt ?? now);
            await store.SetJobAsync(call.Id, jobId, cancellationToken).ConfigureAwait(false);
            scope.Complete();
            HappyCallLog.JobRestored(logger, call.Id, call.Attempts + 1, jobId);
        }

        metrics.SetBacklog(await store.CountPendingDueAsync(now, cancellationToken).ConfigureAwait(false));
    }
}
