using Microsoft.Extensions.Hosting;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// A background round run now and then every <see cref="Interval"/> on <see cref="Time"/> until the host stops;
/// a failed round is reported and the next one runs on time.
/// </summary>
internal abstract class PeriodicRound(TimeProvider time) : BackgroundService
{
    protected TimeProvider Time { get; } = time;

    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunRoundAsync(CancellationToken cancellationToken);

    protected abstract void OnRoundFailed(Exception exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunRoundAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                OnRoundFailed(exception);
            }

            try
            {
                await Task.Delay(Interval, Time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
