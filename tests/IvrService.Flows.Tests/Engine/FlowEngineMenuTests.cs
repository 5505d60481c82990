using IvrService.Flows.Definitions;
using static IvrService.Flows.Tests.Engine.EngineHarness;

namespace IvrService.Flows.Tests.Engine;

public sealed class FlowEngineMenuTests
{
    private static FlowDefinition TwoChoices(RetryPolicy? retry = null, bool interruptible = true) => Flow(
        "main",
        Menu("main", ('1', "bye"), ('2', "thanks")) with { Retry = retry ?? Retry(), Interruptible = interruptible },
        new HangupNode("thanks", Say("thanks"), FlowResult.Completed),
        Bye());

    [Fact]
    public async Task RunAsync_FollowsOption_WhenKeyPressedDuringPrompt()
    {
        var harness = new EngineHarness();

        var outcome = await harness.RunAsync(TwoChoices(), "2");

        Assert.Equal(new FlowOutcome(FlowResult.Completed, "thanks", "fa"), outcome with { Detail = null });
        Assert.Equal(["main", "thanks"], harness.Journal.Path);
        Assert.Equal(["main:2"], harness.StepsOf(FlowStepKind.Digits));
        Assert.Equal(["main", "thanks"], harness.HeardKeys());
        Assert.True(harness.Port.HungUpByFlow);
    }

    [Fact]
    public async Task RunAsync_ReadsKeyAfterPrompt_WhenMenuIsNotInterruptible()
    {
        var harness = new EngineHarness();

        var outcome = await harness.RunAsync(TwoChoices(interruptible: false), "2");

        Assert.Equal(FlowResult.Completed, outcome.Result);
        Assert.Equal("thanks", outcome.LastNodeId);
        Assert.Equal(["main:2"], harness.StepsOf(FlowStepKind.Digits));
    }

    [Fact]
    public async Task RunAsync_PlaysTimeoutPromptAndRetries_WhenNoKeyWithinTimeout()
    {
        var harness = new EngineHarness();

        var outcome = await harness.RunAsync(TwoChoices(), ",1");

        Assert.Equal("bye", outcome.LastNodeId);
        Assert.Equal(["main:no input within 5 s"], harness.StepsOf(FlowStepKind.NoInput));
        Assert.Equal(["main", "timeout", "main", "bye"], harness.HeardKeys());
        var played = harness.Steps.First(step => step.Kind == FlowStepKind.PromptPlayed);
        var noInput = harness.Steps.Single(step => step.Kind == FlowStepKind.NoInput);
        Assert.Equal(TimeSpan.FromSeconds(5), noInput.At - played.At);
    }

    [Fact]
    public async Task RunAsync_PlaysInvalidPromptAndRetries_WhenKeyIsNotAnOption()
    {
        var harness = new EngineHarness();

        var outcome = await harness.RunAsync(TwoChoices(), "9,2");

        Assert.Equal("thanks", outcome.LastNodeId);
        Assert.Equal(["main:9", "main:2"], harness.StepsOf(FlowStepKind.Digits));
        Assert.Equal(["main:no option 9"], harness.StepsOf(FlowStepKind.InvalidInput));
        Assert.Equal(["main", "invalid", "main", "thanks"], harness.HeardKeys());
    }

    [Fact]
    public async Task RunAsync_GoesAfterLastAttempt_WhenAttemptsRunOut()
    {
        var harness = new EngineHarness();

        var outcome = await harness.RunAsync(TwoChoices(Retry(attempts: 2, after: "thanks")), ",9");

        Assert.Equal("thanks", outcome.LastNodeId);
        Assert.Equal(["main", "timeout", "main", "invalid", "thanks"], harness.HeardKeys());
    }

    [Fact]
    public async Task RunAsync_EndsNoInput_WhenAttemptsRunOutWithNowhereToGo()
    {
        var harness = new EngineHarness();

        var outcome = await harness.RunAsync(TwoChoices(Retry(attempts: 3, after: null)), ",,");

        Assert.Equal(FlowResult.NoInput, outcome.Result);
        Assert.Equal("main", outcome.LastNodeId);
        Assert.Equal("no_input: no valid input after 3 attempts", outcome.Detail);
        Assert.Equal(3, harness.StepsOf(FlowStepKind.NoInput).Count);
        Assert.Equal(Start + TimeSpan.FromSeconds(15), harness.Steps[^1].At);
        Assert.False(harness.Port.HungUpByFlow);
    }

    [Fact]
    public async Task RunAsync_DropsTypeAhead_WhenMenuStarts()
    {
        var harness = new EngineHarness();
        var flow = Flow(
            "first",
            new CollectNode("first", Say("enter"), "code", 1, 1, null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3), null, Retry(), "main"),
            Menu("main", ('1', "bye"), ('2', "thanks")),
            new HangupNode("thanks", Say("thanks"), FlowResult.Completed),
            Bye());

        // "12": the collect takes one digit; the 2 keyed ahead is dropped when the menu asks its question.
        var outcome = await harness.RunAsync(flow, "12,1");

        Assert.Equal("bye", outcome.LastNodeId);
        Assert.Equal(["first:1", "main:1"], harness.StepsOf(FlowStepKind.Digits));
    }
}
