using System.Globalization;
using IvrService.Flows;
using IvrService.Storage;
using IvrService.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IvrService.IntegrationTests.Flows;

/// <summary>
/// SIPp callers on the ivr-test menu (the after-sales menu's branches, open all day): the operator branch
/// transfers by REFER to the configured operator URI, every step lands in call_steps, and a version published
/// while a call is in progress is used from the next call on.
/// </summary>
public sealed class FlowCallTests : IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    private readonly IvrHostFixture _host = new();
    private readonly string _operatorUri = "sip:operator@127.0.0.1:" + FreePorts.Next().ToString(CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        _host.Settings["Flows:InboundMenu"] = "ivr-test";
        _host.Settings["Flows:TransferDestinations:operator"] = _operatorUri;
        await _host.InitializeAsync();
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task OperatorKey_TransfersByReferToConfiguredUri_WhenCallerPressesZero()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(RunTimeout);
        var options = SippOptions.ForScenario(SippScenarios.UacMenuOperatorRefer).Calling("127.0.0.1", _host.SipPort);
        await using var sipp = SippProcess.Start(options);

        // Act
        var result = await sipp.WaitForExitAsync(timeout.Token);

        // Assert
        Assert.True(result.Succeeded, result.Describe());
        var trace = sipp.ReadMessageTrace();
        Assert.Contains($"Refer-To: <{_operatorUri}>", trace, StringComparison.Ordinal);
        Assert.Contains("Referred-By: <sip:", trace, StringComparison.Ordinal);
        var callId = Sip.InboundCallTests.CallIdsIn(sipp).Single();
        var record = await _host.WaitForEndedCallAsync(callId, TimeSpan.FromSeconds(20)).WaitAsync(timeout.Token);
        Assert.Equal(CallEndReason.IvrHangup, record.EndReason);
        Assert.Equal(new CallFlowSummary("ivr-test", 1, "transferred", "fa"), await _host.WaitForFlowAsync(callId, timeout.Token));
        var steps = await StepsAsync(callId, timeout.Token);
        Assert.Equal(["hours", "main", "operator"], steps.Where(s => s.Kind == FlowStepKind.NodeEntered).Select(s => s.NodeId));
        Assert.Contains(steps, s => s is { NodeId: "main", Kind: FlowStepKind.Digits, Detail: "0" });
        var transfer = Assert.Single(steps, s => s.Kind == FlowStepKind.Transfer);
        Assert.Contains($"operator {_operatorUri} by refer: succeeded 202", transfer.Detail, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, steps.Count), steps.Select(s => s.Seq));
    }

    [Fact]
    public async Task Publish_AppliesFromNextCall_WhileCallInProgressKeepsItsVersion()
    {
        // Arrange: a caller that stays four seconds without pressing anything, then hangs up.
        using var timeout = new CancellationTokenSource(RunTimeout);
        var versions = _host.Services.GetRequiredService<IFlowVersionStore>();
        var yaml = (await versions.GetCurrentAsync("ivr-test", timeout.Token))!.Yaml;
        var options = SippOptions.ForScenario(SippScenarios.UacInviteBye).Calling("127.0.0.1", _host.SipPort).WithKey("pause_ms", "4000");
        await using var first = SippProcess.Start(options);
        var firstCallId = await WaitForStepsOfNewCallAsync(first, timeout.Token);

        // Act: publish while the first call is in the menu, then call again; then roll back and call once more.
        var published = await versions.PublishAsync(
            "ivr-test", yaml.Replace("title: After-sales branches", "title: Published branches", StringComparison.Ordinal), "ivr-test.yaml", "test", "retitled", timeout.Token);
        var firstResult = await first.WaitForExitAsync(timeout.Token);
        var secondCall = await RunShortCallAsync(timeout.Token);
        await versions.RollbackAsync("ivr-test", 1, timeout.Token);
        var thirdCall = await RunShortCallAsync(timeout.Token);

        // Assert
        Assert.True(firstResult.Succeeded, firstResult.Describe());
        Assert.Equal(2, published.Version);
        Assert.Equal(1, (await _host.WaitForFlowAsync(firstCallId, timeout.Token)).FlowVersion);
        Assert.Equal(2, (await _host.WaitForFlowAsync(secondCall, timeout.Token)).FlowVersion);
        Assert.Equal(1, (await _host.WaitForFlowAsync(thirdCall, timeout.Token)).FlowVersion);
        Assert.All(await StepsAsync(secondCall, timeout.Token), s => Assert.Equal(2, s.FlowVersion));
    }

    private async Task<string> RunShortCallAsync(CancellationToken cancellationToken)
    {
        var options = SippOptions.ForScenario(SippScenarios.UacInviteBye).Calling("127.0.0.1", _host.SipPort).WithKey("pause_ms", "1500");
        await using var sipp = SippProcess.Start(options);
        var result = await sipp.WaitForExitAsync(cancellationToken);
        Assert.True(result.Succeeded, result.Describe());
        return Sip.InboundCallTests.CallIdsIn(sipp).Single();
    }

    /// <summary>Waits until the running call's first menu step is stored (the call pinned its version by then).</summary>
    private async Task<string> WaitForStepsOfNewCallAsync(SippProcess sipp, CancellationToken cancellationToken)
    {
        while (true)
        {
            var callIds = Sip.InboundCallTests.CallIdsIn(sipp);
            if (callIds.Count == 1 && (await StepsAsync(callIds[0], cancellationToken)).Count > 0)
            {
                return callIds[0];
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }


    private Task<IReadOnlyList<CallStep>> StepsAsync(string callId, CancellationToken cancellationToken) =>
        _host.Services.GetRequiredService<ICallStepStore>().GetStepsAsync(callId, cancellationToken);
}
