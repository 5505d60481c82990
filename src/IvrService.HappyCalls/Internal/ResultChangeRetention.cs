using IvrService.Storage.HappyCalls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// Retention of the results stream's change table, on every instance: every <see cref="RoundInterval"/> it deletes the
/// changes made more than <see cref="HappyCallOptions.ResultChangeRetention"/> ago, <see cref="BatchSize"/> per short
/// transaction and at most <see cref="MaxBatchesPerRound"/> batches a round, so a large backlog drains over several
/// rounds without long locks. Instances take turns through the pruner's advisory try-lock: one that finds another
/// deleting leaves the round to it.
/// </summary>
internal sealed class ResultChangeRetention(
    ISurveyResultChangePruner pruner,
    IOptions<HappyCallOptions> options,
    HappyCallMetrics metrics,
    TimeProvider time,
    ILogger<ResultChangeRetention> logger) : PeriodicRound(time)
{
    public static readonly TimeSpan RoundInterval = TimeSpan.FromMinutes(5);

    public const int BatchSize = 1000;

    public const int MaxBatchesPerRound = 100;

    private readonly TimeSpan _retention = options.Value.ResultChangeRetention;

    protected override TimeSpan Interval => RoundInterval;

    protected override Task RunRoundAsync(CancellationToken cancellationToken) => PruneAsync(BatchSize, MaxBatchesPerRound, cancellationToken);

    protected override void OnRoundFailed(Exception exception) => HappyCallLog.ResultChangePruningFailed(logger, exception, RoundInterval);

    internal async Task<int> PruneAsync(int batchSize, int maxBatches, CancellationToken cancellationToken)
    {
        var changedBefore = Time.GetUtcNow() - _retention;
        var total = 0;
        for (var batch = 0; batch < maxBatches; batch++)
        {
            var deleted = await pruner.PruneAsync(changedBefore, batchSize, cancellationToken).ConfigureAwait(false);
            if (deleted is not { } count)
            {
                HappyCallLog.ResultChangePruningElsewhere(logger);
                break;
            }

            total += count;
            metrics.ChangesPruned(count);
            if (count < batchSize)
            {
                break;
            }
        }

        if (total > 0)
        {
            HappyCallLog.ResultChangesPruned(logger, total, changedBefore, _retention);
        }

        return total;
    }
}
