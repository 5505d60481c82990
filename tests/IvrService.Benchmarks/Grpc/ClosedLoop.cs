using System.Diagnostics;
using Grpc.Core;

namespace IvrService.Benchmarks.Grpc;

/// <summary>What a closed-loop run measured: completed requests (and failed ones) in the window, and their latencies.</summary>
internal sealed record ClosedLoopResult(long Completed, long Failed, TimeSpan Window, Latencies Latencies, string? FirstError)
{
    public double PerSecond => Completed / Window.TotalSeconds;
}

/// <summary>
/// Closed loop: K callers, each sending its next request as soon as the previous one answered, spread evenly over the
/// given clients (one HTTP/2 connection each). Requests of a warm-up are not counted; then every request that completes
/// inside the window is.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<ClosedLoopResult> RunAsync<TClient>(
        IReadOnlyList<TClient> clients, int callers, TimeSpan warmUp, TimeSpan window, Func<TClient, long, Task> call)
    {
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var sequence = 0L;
        string? firstError = null;
        var workers = new Task<(long Completed, long Failed, List<double> Latencies)>[callers];
        for (var w = 0; w < callers; w++)
        {
            var client = clients[w % clients.Count];
            workers[w] = Task.Run(async () =>
            {
                long completed = 0, failed = 0;
                var latencies = new List<double>(4096);
                while (true)
                {
                    var sent = Stopwatch.GetTimestamp();
                    if (sent >= measureTo)
                    {
                        return (completed, failed, latencies);
                    }

                    var ok = true;
                    try
                    {
                        await call(client, Interlocked.Increment(ref sequence));
                    }
                    catch (RpcException ex)
                    {
                        ok = false;
                        Interlocked.CompareExchange(ref firstError, $"{ex.StatusCode}: {ex.Status.Detail}", null);
                    }

                    var done = Stopwatch.GetTimestamp();
                    if (sent >= measureFrom && done <= measureTo)
                    {
                        if (ok)
                        {
                            completed++;
                            latencies.Add(Stopwatch.GetElapsedTime(sent, done).TotalMilliseconds);
                        }
                        else
                        {
                            failed++;
                        }
                    }
                }
            });
        }

        var results = await Task.WhenAll(workers);
        return new ClosedLoopResult(
            results.Sum(r => r.Completed), results.Sum(r => r.Failed), window, Latencies.Of(results.SelectMany(r => r.Latencies)), firstError);
    }
}
