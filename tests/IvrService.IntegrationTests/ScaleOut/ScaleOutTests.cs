using System.Globalization;
using System.Net;
using IvrService.Flows;
using IvrService.IntegrationTests.Sip;
using IvrService.Storage;
using IvrService.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace IvrService.IntegrationTests.ScaleOut;

/// <summary>
/// The scale-out of <c>deploy/scale-out/</c> as it runs: the shipped Kamailio configuration and dispatcher list (only
/// addresses and ports rendered for loopback) in front of two instances of the product on one PostgreSQL database,
/// SIPp callers calling the balancer over UDP or TCP. Instances are stopped the way systemd stops them, with calls in
/// progress, so that their BYEs travel back through the balancer.
/// </summary>
public sealed class ScaleOutTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The <c>Calls:InstanceId</c> of the shipped example settings.</summary>
    private static readonly string[] InstanceIds = ["ivr-a", "ivr-b"];
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);
    private const int CallsPerBatch = 6;

    private readonly int _balancerPort = FreePorts.Next();
    private readonly string _directory = Directory.CreateTempSubdirectory("ivr-scale-out-").FullName;
    private readonly List<IvrHostFixture> _instances = [];
    private readonly PostgresFixture _postgres = new();
    private KamailioProcess? _balancer;

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        var connectionString = await _postgres.CreateDatabaseAsync();

        // One after the other: the first migrates the database and seeds the menus, the second finds them done.
        // Each runs on its shipped example settings (instance id, SIP security, trunk), with a short grace.
        foreach (var settingsPath in ShippedBalancer.InstanceSettingsPaths)
        {
            var instance = new IvrHostFixture { SharedConnectionString = connectionString };
            foreach (var (key, value) in ShippedBalancer.LoadInstanceSettings(settingsPath, IPAddress.Loopback))
            {
                instance.Settings[key] = value;
            }

            instance.Settings["Calls:ShutdownGraceSeconds"] = "4";
            _instances.Add(instance);
            await instance.InitializeAsync();
        }

        var listPath = Path.Combine(_directory, "ivrservice-dispatcher.list");
        var configPath = Path.Combine(_directory, "kamailio.cfg");
        var controlSocket = Path.Combine(_directory, "kamailio_ctl");
        await File.WriteAllTextAsync(listPath, ShippedBalancer.RenderDispatcherList([.. _instances.Select(i => i.SipEndPoint)]));
        await File.WriteAllTextAsync(configPath, ShippedBalancer.RenderConfig(new IPEndPoint(IPAddress.Loopback, _balancerPort), listPath, controlSocket));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _balancer = await KamailioProcess.StartAsync(configPath, controlSocket, timeout.Token);
        await _balancer.WaitUntilAnsweringAsync(new IPEndPoint(IPAddress.Loopback, _balancerPort), timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_balancer is not null)
        {
            output.WriteLine("kamailio log:\n" + _balancer.Log);
            await _balancer.DisposeAsync();
        }

        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await _postgres.DisposeAsync();
        FreePorts.Release(_balancerPort);
        Directory.Delete(_directory, recursive: true);
    }

    [KamailioFact]
    public async Task Balancer_SpreadsCallsOverBothInstancesAndSendsNewOnesToTheOther_WhenOneIsStoppedGracefully()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var caller = new SippCallerScript().Wait(TimeSpan.FromSeconds(2)).SendBye().Write();
        var calling = caller.Calling("127.0.0.1", _balancerPort);

        // Both instances up: round-robin gives each of them calls; INFO and re-INVITEs inside a call go through too.
        var spread = await CallThroughBalancerAsync(calling, CallsPerBatch, timeout.Token);
        var inDialog = new List<string>();
        foreach (var scenario in new[] { SippScenarios.UacInfoDigits, SippScenarios.UacHoldResume })
        {
            inDialog.AddRange(await CallThroughBalancerAsync(SippOptions.ForScenario(scenario).Calling("127.0.0.1", _balancerPort), 2, timeout.Token));
        }

        // A call in progress on one instance; that instance is stopped as a service stop does it (SIGTERM's path).
        const string heldCaller = "09120000001";
        using var holding = new SippCallerScript(heldCaller).ExpectBye(TimeSpan.FromSeconds(60)).Write();
        await using var held = SippProcess.Start(holding.Calling("127.0.0.1", _balancerPort));
        var heldRecord = await WaitForAnsweredAsync(heldCaller, timeout.Token);
        var stoppedIndex = Array.IndexOf(InstanceIds, heldRecord.InstanceId);
        var survivor = InstanceIds[1 - stoppedIndex];
        var stopping = _instances[stoppedIndex].StopHostAsync();

        // While it drains (503 to new INVITEs, OPTIONS too) and after it is gone, new calls must all succeed.
        var duringDrain = await CallThroughBalancerAsync(calling, CallsPerBatch, timeout.Token);
        await stopping.WaitAsync(timeout.Token);
        var heldResult = await held.WaitForExitAsync(timeout.Token);
        var afterStop = await CallThroughBalancerAsync(calling, CallsPerBatch, timeout.Token);
        var dispatcherState = await _balancer!.RpcAsync("dispatcher.list", timeout.Token);

        var afterTimeout = await CallUntilTimeoutFailoverAsync(stoppedIndex, calling, timeout.Token);

        // Assert
        var records = (await _instances[0].Records.ListAsync(1000, timeout.Token)).ToDictionary(r => r.CallId, StringComparer.Ordinal);
        var steps = _instances[1 - stoppedIndex].Services.GetRequiredService<ICallStepStore>();
        output.WriteLine("by instance: " + string.Join(", ", records.Values.GroupBy(r => r.InstanceId).Select(g => $"{g.Key} {g.Count()}")));
        output.WriteLine($"stopped {InstanceIds[stoppedIndex]}; dispatcher after the stop:\n{dispatcherState}");

        foreach (var callId in spread.Concat(inDialog).Concat(duringDrain).Concat(afterStop).Concat(afterTimeout))
        {
            var record = records[callId];
            Assert.Equal((CallEndReason.CallerHangup, 200), (record.EndReason, record.SipStatus));
            Assert.NotNull(record.AnsweredAt);
            Assert.Equal($"127.0.0.1:{_balancerPort}", record.SourceAddress);
        }

        Assert.Equal(InstanceIds, spread.Select(id => records[id].InstanceId).Distinct().Order(StringComparer.Ordinal));
        foreach (var callId in spread)
        {
            Assert.Contains(await steps.GetStepsAsync(callId, timeout.Token), s => s is { Kind: FlowStepKind.PromptPlayed, NodeId: "main" });
            Assert.True(records[callId].MediaQuality?.PacketsSent >= 50, $"{callId}: {records[callId].MediaQuality}");
        }

        Assert.True(heldResult.Succeeded, heldResult.Describe());
        Assert.Equal(CallEndReason.Shutdown, records[heldRecord.CallId].EndReason);
        var byeFromInstance = Assert.Single(held.ReadMessages(), m => m is { Received: true, Method: "BYE" });
        Assert.Contains(byeFromInstance.HeaderValues("Via"), via => via.Contains($"127.0.0.1:{_balancerPort}", StringComparison.Ordinal));

        Assert.All(duringDrain.Concat(afterStop).Concat(afterTimeout), id => Assert.Equal(survivor, records[id].InstanceId));
        Assert.Contains(TimeoutFailover(stoppedIndex), _balancer.Log, StringComparison.Ordinal);
    }

    [KamailioFact]
    public async Task Balancer_CarriesBothDirectionsOfACallOverTheCallersConnection_WhenTheCallerUsesTcp()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var caller = new SippCallerScript().Wait(TimeSpan.FromSeconds(2)).SendBye().Write();
        var calling = caller.Calling("127.0.0.1", _balancerPort) with { Transport = SippTransport.Tcp };

        // The caller hangs up: round-robin over both instances, INFO and re-INVITEs inside a call go through too.
        var spread = await CallThroughBalancerAsync(calling, 4, timeout.Token);
        var inDialog = new List<string>();
        foreach (var scenario in new[] { SippScenarios.UacInfoDigits, SippScenarios.UacHoldResume })
        {
            var options = SippOptions.ForScenario(scenario).Calling("127.0.0.1", _balancerPort) with { Transport = SippTransport.Tcp };
            inDialog.AddRange(await CallThroughBalancerAsync(options, 2, timeout.Token));
        }

        // The instances hang up: stopping one ends the calls it has with a BYE. One caller names its own address in its
        // Contact; the other a private one its connection does not come from, as a phone behind NAT does, so its BYE
        // arrives only if the balancer sends it down the connection the caller opened.
        var heldCallers = new[] { "09120000002", "09120000003" };
        using var plainScript = new SippCallerScript(heldCallers[0]).ExpectBye(TimeSpan.FromSeconds(60)).Write();
        using var natScript = new SippCallerScript(heldCallers[1]).ContactAt("192.0.2.55", 5060).ExpectBye(TimeSpan.FromSeconds(60)).Write();
        await using var plain = SippProcess.Start(plainScript.Calling("127.0.0.1", _balancerPort) with { Transport = SippTransport.Tcp });
        var plainRecord = await WaitForAnsweredAsync(heldCallers[0], timeout.Token);
        await using var nat = SippProcess.Start(natScript.Calling("127.0.0.1", _balancerPort) with { Transport = SippTransport.Tcp });
        var natRecord = await WaitForAnsweredAsync(heldCallers[1], timeout.Token);

        // The plain caller's instance stops; new TCP callers land on the other while it drains, after it is gone and when
        // the balancer, told it is up, finds out by the 2 s timeout. Then the other stops too, ending what it still holds.
        var stoppedIndex = Array.IndexOf(InstanceIds, plainRecord.InstanceId);
        var survivor = InstanceIds[1 - stoppedIndex];
        var stopping = _instances[stoppedIndex].StopHostAsync();
        var duringDrain = await CallThroughBalancerAsync(calling, 4, timeout.Token);
        await stopping.WaitAsync(timeout.Token);
        var afterTimeout = await CallUntilTimeoutFailoverAsync(stoppedIndex, calling, timeout.Token);
        await _instances[1 - stoppedIndex].StopHostAsync().WaitAsync(timeout.Token);
        var heldResults = new[] { await plain.WaitForExitAsync(timeout.Token), await nat.WaitForExitAsync(timeout.Token) };

        // Assert
        var records = (await _instances[0].Records.ListAsync(1000, timeout.Token)).ToDictionary(r => r.CallId, StringComparer.Ordinal);
        output.WriteLine("by instance: " + string.Join(", ", records.Values.GroupBy(r => r.InstanceId).Select(g => $"{g.Key} {g.Count()}")));
        foreach (var callId in spread.Concat(inDialog).Concat(duringDrain).Concat(afterTimeout))
        {
            var record = records[callId];
            Assert.Equal((CallEndReason.CallerHangup, 200), (record.EndReason, record.SipStatus));
            Assert.NotNull(record.AnsweredAt);
            Assert.Equal($"127.0.0.1:{_balancerPort}", record.SourceAddress);
            Assert.Equal(CallTransport.Udp, record.Transport);
            Assert.Contains($"INVITE {callId} from tcp:127.0.0.1:", _balancer!.Log, StringComparison.Ordinal);
        }

        Assert.Equal(InstanceIds, spread.Select(id => records[id].InstanceId).Distinct().Order(StringComparer.Ordinal));
        Assert.All(duringDrain.Concat(afterTimeout), id => Assert.Equal(survivor, records[id].InstanceId));
        Assert.Contains(TimeoutFailover(stoppedIndex), _balancer!.Log, StringComparison.Ordinal);
        foreach (var (sipp, result, heldRecord) in new[] { (plain, heldResults[0], plainRecord), (nat, heldResults[1], natRecord) })
        {
            Assert.True(result.Succeeded, result.Describe() + "\n" + _balancer!.Log);
            var record = records[heldRecord.CallId];
            Assert.Equal(CallEndReason.Shutdown, record.EndReason);
            Assert.Equal($"127.0.0.1:{_balancerPort}", record.SourceAddress);
            var messages = sipp.ReadMessages();
            var answer = Assert.Single(messages, m => m is { Received: true, StatusCode: 200 } && m.Header("CSeq")!.EndsWith("INVITE", StringComparison.Ordinal));
            AssertTcpBalancerEntries(Entries(answer, "Record-Route"), callerOrder: false);

            // The instance's BYE: its route set (both of the balancer's entries) used up, the alias taken off the
            // Request-URI, sent by the balancer over TCP on behalf of the instance (whose Via is UDP).
            var bye = Assert.Single(messages, m => m is { Received: true, Method: "BYE" });
            var vias = Entries(bye, "Via");
            Assert.StartsWith($"SIP/2.0/TCP 127.0.0.1:{_balancerPort};", vias[0], StringComparison.Ordinal);
            Assert.StartsWith($"SIP/2.0/UDP {_instances[Array.IndexOf(InstanceIds, record.InstanceId)].SipEndPoint};", vias[1], StringComparison.Ordinal);
            Assert.Empty(bye.HeaderValues("Route"));
            Assert.DoesNotContain(";alias=", bye.RequestUri, StringComparison.Ordinal);
            Assert.Single(messages, m => m is { Received: false, StatusCode: 200 } && m.Header("CSeq")!.EndsWith("BYE", StringComparison.Ordinal));
        }
    }

    /// <summary>What the balancer logs when an INVITE to the stopped instance times out and goes on to the next.</summary>
    private string TimeoutFailover(int stoppedIndex) => $"sip:{_instances[stoppedIndex].SipEndPoint} failed (408), trying the next instance";

    /// <summary>
    /// The balancer is told the stopped instance is up (as before its probes noticed): a new INVITE sent there gets no
    /// answer within 2 s and goes on to the survivor; then, with no call involved, the probes take it out again. A probe
    /// of the dead instance timing out just then marks it down first, hence up to three rounds of two calls.
    /// </summary>
    private async Task<List<string>> CallUntilTimeoutFailoverAsync(int stoppedIndex, SippOptions calling, CancellationToken cancellationToken)
    {
        var stoppedUri = $"sip:{_instances[stoppedIndex].SipEndPoint}";
        var calls = new List<string>();
        for (var round = 0; round < 3 && !_balancer!.Log.Contains(TimeoutFailover(stoppedIndex), StringComparison.Ordinal); round++)
        {
            await _balancer.RpcAsync("dispatcher.set_state", cancellationToken, "a", "1", stoppedUri);
            calls.AddRange(await CallThroughBalancerAsync(calling, 2, cancellationToken));
        }

        await _balancer!.RpcAsync("dispatcher.set_state", cancellationToken, "a", "1", stoppedUri);
        await WaitUntilInactiveAsync(stoppedUri, cancellationToken);
        return calls;
    }

    /// <summary>
    /// A TCP caller's route set: a call that comes in over TCP and leaves over UDP is record-routed twice (rr's
    /// enable_double_rr), the caller's side naming TCP. The caller's Route lists that side first, the Record-Route of
    /// the answer last. Each entry also carries the From tag (rr's append_fromtag).
    /// </summary>
    private void AssertTcpBalancerEntries(List<string> entries, bool callerOrder)
    {
        string[] expected = [$"<sip:127.0.0.1:{_balancerPort};transport=tcp;r2=on;lr;", $"<sip:127.0.0.1:{_balancerPort};r2=on;lr;"];
        if (!callerOrder)
        {
            Array.Reverse(expected);
        }

        Assert.Equal(expected.Length, entries.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.StartsWith(expected[i], entries[i], StringComparison.Ordinal);
        }
    }

    /// <summary>The entries of a header that may list several (Route, Record-Route, Via), over all its lines.</summary>
    private static List<string> Entries(SippTracedMessage message, string header) =>
        [.. message.HeaderValues(header).SelectMany(v => v.Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0)];

    /// <summary>Runs <paramref name="calls"/> calls of a scenario through the balancer; every one must succeed and keep the balancer in its route set.</summary>
    private async Task<List<string>> CallThroughBalancerAsync(SippOptions options, int calls, CancellationToken cancellationToken)
    {
        await using var sipp = SippProcess.Start(options with { MaxCalls = calls, Rate = 2, CallLimit = calls });
        var result = await sipp.WaitForExitAsync(cancellationToken);
        Assert.True(result.Succeeded, result.Describe() + "\n" + _balancer!.Log);
        Assert.Equal(calls, result.SuccessfulCalls);
        var byes = sipp.ReadMessages().Where(m => m is { Received: false, Method: "BYE" }).ToList();
        Assert.Equal(calls, byes.Select(bye => bye.Header("Call-ID")).Distinct(StringComparer.Ordinal).Count());
        if (options.Transport == SippTransport.Tcp)
        {
            Assert.All(byes, bye => AssertTcpBalancerEntries(Entries(bye, "Route"), callerOrder: true));
        }
        else
        {
            Assert.All(byes, bye => Assert.Contains($"127.0.0.1:{_balancerPort.ToString(CultureInfo.InvariantCulture)};lr", bye.Header("Route"), StringComparison.Ordinal));
        }

        var callIds = InboundCallTests.CallIdsIn(sipp);
        Assert.Equal(calls, callIds.Count);
        foreach (var callId in callIds)
        {
            await _instances[0].WaitForEndedCallAsync(callId, TimeSpan.FromSeconds(30));
        }

        return callIds;
    }

    /// <summary>Waits until the dispatcher lists <paramref name="uri"/> as inactive (flags starting with I).</summary>
    private async Task WaitUntilInactiveAsync(string uri, CancellationToken cancellationToken)
    {
        while (true)
        {
            var listing = await _balancer!.RpcAsync("dispatcher.list", cancellationToken);
            var at = listing.IndexOf("URI: " + uri, StringComparison.Ordinal);
            var flags = at < 0 ? -1 : listing.IndexOf("FLAGS: ", at, StringComparison.Ordinal);
            if (flags >= 0 && listing[flags + "FLAGS: ".Length] == 'I')
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    private async Task<CallRecord> WaitForAnsweredAsync(string caller, CancellationToken cancellationToken)
    {
        while (true)
        {
            var records = await _instances[0].Records.ListAsync(100, cancellationToken);
            if (records.FirstOrDefault(r => r.Caller == caller && r.AnsweredAt is not null) is { } answered)
            {
                return answered;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }
}
