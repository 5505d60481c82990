using IvrService.Flows.Definitions;
using IvrService.Flows.Simulation;
using IvrService.Flows.Simulation.Internal;
using IvrService.Flows.Tests.Engine;
using static IvrService.Flows.Tests.Engine.EngineHarness;

namespace IvrService.Flows.Tests.Simulation;

public sealed class FlowSimulatorTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 1, 10, 0, 0, TimeSpan.FromHours(3.5));

    [Fact]
    public async Task RunAsync_LetsTimeoutsPassOnVirtualClock_WhenCallerKeysNothing()
    {
        var output = new StringWriter();
        var flow = Flow("main", Menu("main", ('1', "bye")) with { Timeout = TimeSpan.FromMinutes(10) }, Bye());

        var result = await FlowSimulator.RunAsync(
            flow, Catalog(), CallerScript.Parse(",,1"), new SimulatedFlowServices(), new SimulationOptions { StartTime = At }, output, CancellationToken.None)
            .WaitAsync(EngineHarness.Wait);

        Assert.Equal(FlowResult.Completed, result.Outcome.Result);
        Assert.Equal(["main", "bye"], result.Path);
        Assert.Equal(At + TimeSpan.FromMinutes(20), result.Steps[^1].At);
        var text = output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Equal(
            "[main] menu\n  ♪ fa: fa:main\n  ⏱ no input within 600 s\n  ♪ fa: fa:timeout\n  ♪ fa: fa:main\n  ⏱ no input within 600 s\n" +
            "  ♪ fa: fa:timeout\n  ♪ fa: fa:main\n  ⌨ 1\n[bye] hangup\n  ♪ fa: fa:bye\n→ outcome: completed\npath: main → bye\n",
            text);
    }

    [Fact]
    public async Task RunAsync_UsesAllowListAndCallerOptions_WhenGiven()
    {
        var flow = Flow("operator", new TransferNode("operator", null, "operator", TransferMode.Refer, TimeSpan.FromSeconds(20), null));
        var options = new SimulationOptions
        {
            CallerNumber = "02188776655",
            Language = "en",
            TransferDestinations = new Dictionary<string, string> { ["operator"] = "sip:100@pbx" },
            TransferResult = new TransferResult(false, 603, "Decline"),
        };

        var result = await FlowSimulator.RunAsync(flow, Catalog(), CallerScript.FromGroups(), new SimulatedFlowServices(), options, new StringWriter(), CancellationToken.None)
            .WaitAsync(EngineHarness.Wait);

        Assert.Equal(FlowResult.Failed, result.Outcome.Result);
        Assert.Equal("en", result.Outcome.Language);
        Assert.Equal("failed: transfer failed: operator sip:100@pbx by refer: failed 603 Decline", result.Outcome.Detail);
    }

    [Fact]
    public void AdvanceToNextTimer_FiresEarliestTimerFirst_WhenSeveralPending()
    {
        var clock = new VirtualTimeProvider(At);
        var fired = new List<string>();
        using var late = clock.CreateTimer(_ => fired.Add("late"), null, TimeSpan.FromSeconds(9), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add("early"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var cancelled = clock.CreateTimer(_ => fired.Add("cancelled"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        cancelled.Dispose();

        Assert.True(clock.AdvanceToNextTimer());
        Assert.Equal(At + TimeSpan.FromSeconds(2), clock.GetUtcNow());
        Assert.True(clock.AdvanceToNextTimer());
        Assert.False(clock.AdvanceToNextTimer());

        Assert.Equal(["early", "late"], fired);
        Assert.Equal(At + TimeSpan.FromSeconds(9), clock.GetUtcNow());
    }
}
