using System.Globalization;
using IvrService.HappyCalls;
using IvrService.IntegrationTests.Crash;
using IvrService.Testing;
using Xunit.Abstractions;

namespace IvrService.IntegrationTests.HappyCalls;

/// <summary>
/// The product as its own process, killed with SIGKILL in the middle of a campaign of happy calls and started again on
/// the same database: no call may be lost and no attempt dialled twice.
/// </summary>
public sealed class HappyCallCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Services = 40;
    private const int Channels = 5;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(6);

    /// <summary>From the kill to the end of each attempt it interrupted, restart included.</summary>
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(60);

    private readonly PostgresFixture _postgres = new();
    private readonly string _files = Path.Combine(Path.GetTempPath(), "ivr-hc-crash-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly int _trunkPort = FreePorts.Next();
    private readonly int _sipPort = FreePorts.Next();
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        _connectionString = await _postgres.CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        FreePorts.Release(_trunkPort, _sipPort);
        if (Directory.Exists(_files))
        {
            Directory.Delete(_files, recursive: true);
        }
    }

    [Fact]
    public async Task KillMidCampaign_EndsEveryCallAndDialsNoAttemptTwice_WhenRestartedOnTheSameDatabase()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        var settings = Settings();
        using var scenario = QuickSurvey.WriteCallee();
        // More calls than the campaign can place: SIPp answers every INVITE until the test stops it.
        await using var callee = SippProcess.Start(scenario.Answering(calls: 10 * Services) with { LocalPort = _trunkPort });
        await callee.WaitUntilListeningAsync(timeout.Token);
        var phones = Enumerable.Range(0, Services).Select(i => "+98935" + i.ToString("D7", CultureInfo.InvariantCulture)).ToArray();

        await using var first = HostProcess.Start(settings);
        await first.WaitUntilAnsweringAsync(_sipPort, timeout.Token);
        await using (var intake = await HappyCallIntake.OpenAsync(settings, timeout.Token))
        {
            for (var i = 0; i < Services; i++)
            {
                await intake.Scheduler.ReportAsync(
                    new ServiceCompletion($"svc-crash-{i}", $"customer-{i}", phones[i], "Sara", "en", "tech-7", "Reza", "repair", DateTimeOffset.UtcNow, "", ""),
                    timeout.Token);
            }
        }

        // Kill once a few calls are done and others are up (answered, survey under way).
        await WaitUntilAsync(
            async () =>
            {
                var records = await CampaignLedger.OutboundCallRecordsAsync(_connectionString, timeout.Token);
                return records.Count(r => r.EndedAt is not null) >= 8 && records.Any(r => r.EndedAt is null);
            },
            timeout.Token);
        await first.KillHardAsync();
        var killedAt = DateTimeOffset.UtcNow;
        var openAtKill = (await CampaignLedger.AttemptsAsync(_connectionString, timeout.Token)).Where(a => a.EndedAt is null).ToList();

        await using var restarted = HostProcess.Start(settings);
        await restarted.WaitUntilAnsweringAsync(_sipPort, timeout.Token);
        output.WriteLine($"restarted {(DateTimeOffset.UtcNow - killedAt).TotalSeconds:F1} s after the kill; {openAtKill.Count} attempts were open");
        var calls = await CampaignLedger.WaitForAllFinalAsync(_connectionString, Services, timeout.Token);
        var attempts = await CampaignLedger.AttemptsAsync(_connectionString, timeout.Token);
        var records = await CampaignLedger.OutboundCallRecordsAsync(_connectionString, timeout.Token);
        var invites = await WaitForInvitesAsync(callee, timeout.Token);
        await restarted.StopAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"campaign done {(attempts.Max(a => a.EndedAt) - killedAt)?.TotalSeconds:F1} s after the kill; " +
                         $"{attempts.Count(a => a.ClaimedAt > killedAt)} attempts claimed after it, the first {(attempts.Where(a => a.ClaimedAt > killedAt).Min(a => a.ClaimedAt) - killedAt).TotalSeconds:F1} s after it");
        foreach (var open in openAtKill)
        {
            var ended = attempts.Single(a => a.HappyCallId == open.HappyCallId && a.Attempt == open.Attempt);
            output.WriteLine($"happy call {open.HappyCallId} attempt {open.Attempt}: {ended.Outcome} {(ended.EndedAt - killedAt)?.TotalSeconds:F1} s after the kill");
        }

        // The kill hit attempts under way, and each of them was ended as interrupted within the limit and tried again.
        Assert.NotEmpty(openAtKill);
        Assert.All(openAtKill, open =>
        {
            var ended = attempts.Single(a => a.HappyCallId == open.HappyCallId && a.Attempt == open.Attempt);
            Assert.Equal("interrupted", ended.Outcome);
            Assert.InRange(ended.EndedAt!.Value - killedAt, TimeSpan.Zero, RecoveryLimit);
            Assert.Contains(attempts, a => a.HappyCallId == open.HappyCallId && a.Attempt == open.Attempt + 1);
        });

        // The dialler never sat idle for longer than the limit while calls were due (e.g. waiting for jobs the dead
        // instance had fetched): the claims after the kill follow one another closely.
        var claims = attempts.Where(a => a.ClaimedAt > killedAt).Select(a => a.ClaimedAt).Order().Prepend(killedAt).ToList();
        Assert.All(claims.Zip(claims.Skip(1)), pair => Assert.InRange(pair.Second - pair.First, TimeSpan.Zero, RecoveryLimit));

        // No call lost: every one finished with its survey completed.
        Assert.Equal(Services, calls.Count);
        Assert.All(calls, c => Assert.Equal(("finished", "completed"), (c.State, c.Outcome)));
        Assert.All(calls, c => Assert.Equal(
            Enumerable.Range(1, c.Attempts),
            attempts.Where(a => a.HappyCallId == c.Id).Select(a => a.Attempt)));
        Assert.All(attempts.Where(a => !openAtKill.Any(o => o.HappyCallId == a.HappyCallId && o.Attempt == a.Attempt)), a => Assert.Equal("completed", a.Outcome));

        // Every INVITE SIPp got is one call record of ours, to the number of the record. A record may lack its INVITE
        // only when the kill came between writing it and sending the INVITE; the restart ended such records.
        var unsent = records.Where(r => !invites.ContainsKey(r.CallId)).ToList();
        output.WriteLine($"{records.Count} outbound call records, {invites.Count} INVITEs, {unsent.Count} records without an INVITE");
        Assert.All(invites, invite => Assert.Equal(invite.Value, Assert.Single(records, r => r.CallId == invite.Key).Called));
        Assert.All(unsent, r => Assert.Equal(("interrupted", true), (r.EndReason, r.OfferedAt <= killedAt)));

        // None placed twice: each call record falls in the claim of exactly one attempt of its number, one record per attempt.
        var phoneOf = calls.ToDictionary(c => c.Id, c => c.Phone);
        var attemptOf = records.ToDictionary(
            r => r.CallId,
            r => Assert.Single(attempts, a => phoneOf[a.HappyCallId] == r.Called && a.ClaimedAt <= r.OfferedAt && (a.EndedAt is null || r.OfferedAt <= a.EndedAt)));
        Assert.Equal(attemptOf.Count, attemptOf.Values.Distinct().Count());
        Assert.Equal(phones.Order(StringComparer.Ordinal), records.Select(r => r.Called).Distinct().Order(StringComparer.Ordinal));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        while (!await condition())
        {
            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>The INVITEs in SIPp's trace by Call-ID with the number called, once the trace has stopped growing for 2 s.</summary>
    private static async Task<Dictionary<string, string>> WaitForInvitesAsync(SippProcess callee, CancellationToken cancellationToken)
    {
        var seen = -1;
        while (true)
        {
            var invites = callee.ReadMessages()
                .Where(m => m is { Received: true, Method: "INVITE" })
                .GroupBy(m => m.Header("Call-ID")!)
                .ToDictionary(g => g.Key, g => Assert.Single(g.Select(m => CampaignLedger.UserOf(m.RequestUri!)).Distinct()));
            if (invites.Count == seen)
            {
                return invites;
            }

            seen = invites.Count;
            await Task.Delay(2000, cancellationToken);
        }
    }

    private Dictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Ivr"] = _connectionString,
            ["Sip:ListenAddress"] = "127.0.0.1",
            ["Sip:Port"] = _sipPort.ToString(CultureInfo.InvariantCulture),
            ["Calls:InstanceId"] = "happy-crash",
            ["Calls:ShutdownGraceSeconds"] = "1",
            ["Media:RecordingDirectory"] = Path.Combine(_files, "recordings"),
            ["Speech:CacheDirectory"] = Path.Combine(_files, "prompt-cache"),
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
            ["Sip:Trunks:0:Name"] = "main",
            ["Sip:Trunks:0:Host"] = "127.0.0.1",
            ["Sip:Trunks:0:Port"] = _trunkPort.ToString(CultureInfo.InvariantCulture),
            ["Sip:Trunks:0:CallerId"] = "+982155551234",
            ["Sip:Trunks:0:Channels"] = Channels.ToString(CultureInfo.InvariantCulture),
            ["HappyCalls:Delay"] = "00:00:00",
            ["HappyCalls:ClosingMargin"] = "00:00:00",
            ["HappyCalls:RingTimeout"] = "00:00:05",
            ["HappyCalls:AnsweringMachineDetection"] = "false",
            ["HappyCalls:RetryAfter:Interrupted"] = "00:00:02",
            ["HappyCalls:RetryAfter:Unfinished"] = "00:00:02",
        };
        foreach (var day in Enum.GetNames<DayOfWeek>())
        {
            settings[$"HappyCalls:Window:{day}:0"] = "00:00-24:00";
        }

        foreach (var (key, value) in QuickSurvey.Settings)
        {
            settings[key] = value;
        }

        return settings;
    }
}
