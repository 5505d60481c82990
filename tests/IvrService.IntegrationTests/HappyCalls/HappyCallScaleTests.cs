using System.Globalization;
using IvrService.HappyCalls;
using IvrService.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace IvrService.IntegrationTests.HappyCalls;

/// <summary>
/// Two instances of the product on one database, as a scaled-out deployment runs: 200 happy calls due at once through
/// a trunk of 10 channels, answered by one SIPp customer per number.
/// </summary>
public sealed class HappyCallScaleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Services = 200;
    private const int Channels = 10;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    private readonly PostgresFixture _postgres = new();
    private readonly int _trunkPort = FreePorts.Next();
    private readonly List<IvrHostFixture> _instances = [];
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        _connectionString = await _postgres.CreateDatabaseAsync();

        // One after the other: the first migrates the database and seeds the survey, the second finds them done.
        foreach (var name in new[] { "scale-a", "scale-b" })
        {
            var instance = new IvrHostFixture { SharedConnectionString = _connectionString };
            _instances.Add(instance);
            Configure(instance.Settings, name);
            await instance.InitializeAsync();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await _postgres.DisposeAsync();
        FreePorts.Release(_trunkPort);
    }

    [Fact]
    public async Task TwoInstances_CallEveryServiceOnceAndNeverMoreThanTheTrunkCarries_WhenTwoHundredAreDueAtOnce()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = QuickSurvey.WriteCallee();
        await using var callee = SippProcess.Start(scenario.Answering(calls: Services) with { LocalPort = _trunkPort });
        await callee.WaitUntilListeningAsync(timeout.Token);
        var phones = Enumerable.Range(0, Services).Select(i => "+98912" + i.ToString("D7", CultureInfo.InvariantCulture)).ToArray();

        // Both instances take reports, as a load balancer in front of them would spread them.
        for (var i = 0; i < Services; i++)
        {
            var scheduler = _instances[i % 2].Services.GetRequiredService<IHappyCallScheduler>();
            await scheduler.ReportAsync(
                new ServiceCompletion($"svc-scale-{i}", $"customer-{i}", phones[i], "Sara", "en", "tech-7", "Reza", "repair", DateTimeOffset.UtcNow, "", ""),
                timeout.Token);
        }

        var calls = await CampaignLedger.WaitForAllFinalAsync(_connectionString, Services, timeout.Token);
        var sipp = await callee.WaitForExitAsync(timeout.Token);
        var attempts = await CampaignLedger.AttemptsAsync(_connectionString, timeout.Token);
        var records = await CampaignLedger.OutboundCallRecordsAsync(_connectionString, timeout.Token);
        var invites = callee.ReadMessages()
            .Where(m => m is { Received: true, Method: "INVITE" })
            .Select(m => (Phone: CampaignLedger.UserOf(m.RequestUri!), CallId: m.Header("Call-ID")))
            .Distinct()
            .ToList();
        var mostAtOnce = CampaignLedger.MostAtOnce(records);
        output.WriteLine($"{records.Count} calls, at most {mostAtOnce} at once; by instance: " +
                         string.Join(", ", records.GroupBy(r => r.InstanceId).Select(g => $"{g.Key} {g.Count()}")));
        output.WriteLine($"first offered {records.Min(r => r.OfferedAt):O}, last ended {records.Max(r => r.EndedAt):O}");

        Assert.True(sipp.Succeeded, sipp.Describe());
        Assert.Equal(Services, calls.Count);
        Assert.All(calls, c => Assert.Equal(("finished", "completed", 1), (c.State, c.Outcome, c.Attempts)));
        Assert.Equal(Services, attempts.Count);
        Assert.All(attempts, a => Assert.Equal("completed", a.Outcome));
        // Every number got exactly one INVITE (one Call-ID), and no INVITE went anywhere else.
        Assert.Equal(phones.Order(StringComparer.Ordinal), invites.Select(i => i.Phone).Order(StringComparer.Ordinal));
        Assert.Equal(Services, invites.Select(i => i.CallId).Distinct().Count());
        Assert.Equal(Services, records.Count);
        Assert.All(records, r => Assert.NotNull(r.EndedAt));
        Assert.InRange(mostAtOnce, 2, Channels);
        Assert.Equal(["scale-a", "scale-b"], records.Select(r => r.InstanceId).Distinct().Order(StringComparer.Ordinal));
    }

    private void Configure(Dictionary<string, string?> settings, string instanceId)
    {
        settings["Calls:InstanceId"] = instanceId;
        settings["Sip:Trunks:0:Name"] = "main";
        settings["Sip:Trunks:0:Host"] = "127.0.0.1";
        settings["Sip:Trunks:0:Port"] = _trunkPort.ToString(CultureInfo.InvariantCulture);
        settings["Sip:Trunks:0:CallerId"] = "+982155551234";
        settings["Sip:Trunks:0:Channels"] = Channels.ToString(CultureInfo.InvariantCulture);
        settings["HappyCalls:Delay"] = "00:00:00";
        foreach (var day in Enum.GetNames<DayOfWeek>())
        {
            settings[$"HappyCalls:Window:{day}:0"] = "00:00-24:00";
        }

        settings["HappyCalls:ClosingMargin"] = "00:00:00";
        settings["HappyCalls:RingTimeout"] = "00:00:05";
        settings["HappyCalls:AnsweringMachineDetection"] = "false";
        foreach (var (key, value) in QuickSurvey.Settings)
        {
            settings[key] = value;
        }
    }
}
