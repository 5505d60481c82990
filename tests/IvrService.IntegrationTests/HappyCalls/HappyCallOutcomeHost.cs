using IvrService.HappyCalls;
using IvrService.Storage.HappyCalls;
using IvrService.Testing;

namespace IvrService.IntegrationTests.HappyCalls;

/// <summary>
/// A <see cref="HappyCallHost"/> for the per-outcome tests, with service types that change one rule each, so tests
/// sharing the host keep their own policy (and their own service ids and phone numbers).
/// </summary>
public class HappyCallOutcomeHost : IAsyncLifetime
{
    /// <summary>Two attempts at most.</summary>
    public const string TwoTries = "two-tries";

    /// <summary>One attempt only.</summary>
    public const string OneTry = "one-try";

    /// <summary>No completion retry: a survey left unfinished ends Partial at once.</summary>
    public const string NoCompletionRetry = "no-completion-retry";

    /// <summary>The first attempt 6 s after the report, time enough to cancel it.</summary>
    public const string Later = "later";

    /// <summary>Every service type's retries wait at least this long (busy, no answer, unfinished: 2 s) plus Hangfire's polling.</summary>
    public static readonly TimeSpan PastRetryDelay = TimeSpan.FromSeconds(5);

    public HappyCallOutcomeHost()
        : this(detectMachines: false)
    {
    }

    protected HappyCallOutcomeHost(bool detectMachines)
    {
        var settings = Calls.Settings;
        settings["HappyCalls:ServiceTypes:" + TwoTries + ":MaxAttempts"] = "2";
        settings["HappyCalls:ServiceTypes:" + OneTry + ":MaxAttempts"] = "1";
        settings["HappyCalls:ServiceTypes:" + NoCompletionRetry + ":CompletionRetries"] = "0";
        settings["HappyCalls:ServiceTypes:" + Later + ":Delay"] = "00:00:06";
        settings["HappyCalls:AnsweringMachineDetection"] = detectMachines ? "true" : "false";
        settings["HappyCalls:RetryAfter:AnsweringMachine"] = "00:00:02";
    }

    public HappyCallHost Calls { get; } = new();

    public HappyCallRows Rows => new(Calls.Host.ConnectionString);

    public Task InitializeAsync() => Calls.InitializeAsync();

    /// <summary>Reports a service completed now, in English, for <paramref name="phone"/> under <paramref name="serviceType"/>.</summary>
    public async Task<HappyCall> ReportAsync(string serviceId, string phone, CancellationToken cancellationToken, string serviceType = "repair")
    {
        var (call, created) = await Calls.Scheduler.ReportAsync(
            new ServiceCompletion(serviceId, "customer-" + serviceId, phone, "Sara", "en", "tech-7", "Reza", serviceType, DateTimeOffset.UtcNow, "", ""),
            cancellationToken);
        Assert.True(created, $"service {serviceId} was reported before");
        return call;
    }

    /// <summary>Starts the trunk's SIPp callee taking up to <paramref name="calls"/> calls.</summary>
    public Task<SippProcess> StartCalleeAsync(SippCalleeScenario scenario, int calls, CancellationToken cancellationToken) =>
        Calls.StartCalleeAsync(scenario.Answering(calls), cancellationToken);

    public Task DisposeAsync() => Calls.DisposeAsync();

    /// <summary>How many calls reached the callee: distinct Call-IDs of the INVITEs it received.</summary>
    public static int InvitesReceived(SippProcess callee) =>
        callee.ReadMessages().Where(m => m.Received && m.Method == "INVITE").Select(m => m.Header("Call-ID")).Distinct().Count();

    /// <summary>Waits until <paramref name="condition"/> holds, checking every 100 ms.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        while (!await condition())
        {
            await Task.Delay(100, cancellationToken);
        }
    }
}
