using IvrService.Storage.HappyCalls;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// Retention of the results stream's change table, on every instance: every <see cref="Interval"/> it deletes the
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
    ILogger<ResultChangeRetention> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    public const int BatchSize = 1000;

    public const int MaxBatchesPerRound = 100;

    private readonly TimeSpan _retention = options.Value.ResultChangeRetention;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PruneAsync(BatchSize, MaxBatchesPerRound, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                HappyCallLog.ResultChangePruningFailed(logger, exception, Interval);
            }

            try
            {
                await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One round: batches until nothing older than the retention is left, another instance holds the lock, or
    /// <paramref name="maxBatches"/> have run. Returns how many changes this instance deleted.
    /// </summary>
    internal async Task<int> PruneAsync(int batchSize, int maxBatches, CancellationToken cancellationToken)
    {
        var changedBefore = time.GetUtcNow() - _retention;
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
