using Hangfire;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// Creates the Hangfire job of a happy call's attempt on the dial queue. Called inside a <c>StorageTransaction</c>
/// together with the store write that makes the attempt due, so the job exists exactly when the row says so.
/// </summary>
internal sealed class HappyCallJobs(IBackgroundJobClient client, TimeProvider time, string queue)
{
    public string Schedule(long happyCallId, int attempt, DateTimeOffset dueAt)
    {
        if (dueAt <= time.GetUtcNow())
        {
            return client.Enqueue<HappyCallAttemptJob>(queue, job => job.RunAsync(happyCallId, attempt, CancellationToken.None));
        }

        return client.Schedule<HappyCallAttemptJob>(queue, job => job.RunAsync(happyCallId, attempt, CancellationToken.None), dueAt);
    }
}
