using System.Diagnostics;
using System.Globalization;
using Grpc.Core;

namespace IvrService.Benchmarks.Grpc;

/// <summary>
/// What an open-loop run measured. <see cref="FromSchedule"/> counts from the time each request was due, so a
/// slow answer that holds up the sender still counts against every request due meanwhile (no coordinated omission);
/// <see cref="FromSend"/> from when it was actually handed to the client; <see cref="SendLag"/> is the difference,
/// the sender's own lateness (timer granularity, a busy machine).
/// </summary>
internal sealed record OpenLoopResult(
    int Scheduled, int Completed, int Failed, int NotSent, TimeSpan Elapsed,
    Latencies FromSchedule, Latencies FromSend, Latencies SendLag, string? FirstError)
{
    public double AchievedPerSecond => Completed / Elapsed.TotalSeconds;

    /// <summary>Requests sent that got no answer in time.</summary>
    public int Unanswered => Scheduled - Completed - Failed - NotSent;

    /// <summary>Whether every request due was answered.</summary>
    public bool AllAnswered => Completed == Scheduled;

    /// <summary>The counts, for a report line.</summary>
    public string Counts => string.Create(CultureInfo.InvariantCulture,
        $"{Completed} of {Scheduled} answered ({AchievedPerSecond:0}/s), failed {Failed}, not sent {NotSent}, unanswered {Unanswered}{(FirstError is { } e ? $" ({e})" : "")}");

    /// <summary>The latencies, for a report line.</summary>
    public string LatencySummary => $"from due time p50/p95/p99/max {FromSchedule}; from send {FromSend}; sender lateness {SendLag}";
}

/// <summary>
/// Open loop: requests due at a fixed rate (request i at start + i / rate) whether or not earlier ones answered. A
/// dedicated thread sends each request when it is due (sleeping 1 ms between checks), without waiting for answers;
/// more than <see cref="MaxInFlight"/> unanswered requests means the product fell behind, and requests due then are
/// counted as not sent.
/// </summary>
internal static class OpenLoop
{
    public const int MaxInFlight = 20_000;

    public static async Task<OpenLoopResult> RunAsync<TClient>(TClient client, double rate, TimeSpan duration, Func<TClient, long, Task> call)
    {
        var count = (int)Math.Round(rate * duration.TotalSeconds);
        var scheduled = new long[count];
        var sent = new long[count];
        var done = new long[count];
        var outcome = new int[count]; // 0 not sent or unanswered, 1 ok, 2 failed
        var inFlight = 0;
        var notSent = 0;
        string? firstError = null;
        var pending = new List<Task>(count);
        var interval = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;

        async Task SendAsync(int i)
        {
            try
            {
                await call(client, i);
                outcome[i] = 1;
            }
            catch (RpcException ex)
            {
                outcome[i] = 2;
                Interlocked.CompareExchange(ref firstError, $"{ex.StatusCode}: {ex.Status.Detail}", null);
            }
            finally
            {
                done[i] = Stopwatch.GetTimestamp();
                Interlocked.Decrement(ref inFlight);
            }
        }

        var sender = new Thread(() =>
        {
            for (var i = 0; i < count; i++)
            {
                var due = start + (long)(i * interval);
                while (Stopwatch.GetTimestamp() < due)
                {
                    Thread.Sleep(1);
                }

                scheduled[i] = due;
                if (Volatile.Read(ref inFlight) >= MaxInFlight)
                {
                    notSent++;
                    continue;
                }

                Interlocked.Increment(ref inFlight);
                sent[i] = Stopwatch.GetTimestamp();
                pending.Add(SendAsync(i));
            }
        })
        { IsBackground = true, Name = "open-loop sender", Priority = ThreadPriority.AboveNormal };
        sender.Start();
        await Task.Run(sender.Join);
        await Task.WhenAny(Task.WhenAll(pending), Task.Delay(TimeSpan.FromSeconds(30)));
        var end = Math.Max(Stopwatch.GetTimestamp(), start);

        var answered = Enumerable.Range(0, count).Where(i => outcome[i] == 1).ToArray();
        var lastDone = answered.Length == 0 ? end : answered.Max(i => done[i]);
        return new OpenLoopResult(
            count,
            answered.Length,
            outcome.Count(o => o == 2),
            notSent,
            Stopwatch.GetElapsedTime(start, lastDone),
            Latencies.Of(answered.Select(i => Stopwatch.GetElapsedTime(scheduled[i], done[i]).TotalMilliseconds)),
            Latencies.Of(answered.Select(i => Stopwatch.GetElapsedTime(sent[i], done[i]).TotalMilliseconds)),
            Latencies.Of(answered.Select(i => Stopwatch.GetElapsedTime(scheduled[i], sent[i]).TotalMilliseconds)),
            firstError);
    }
}
