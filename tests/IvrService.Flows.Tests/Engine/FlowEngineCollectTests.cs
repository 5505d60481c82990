using IvrService.Flows.Definitions;
using static IvrService.Flows.Tests.Engine.EngineHarness;

namespace IvrService.Flows.Tests.Engine;

public sealed class FlowEngineCollectTests
{
    private static FlowDefinition Collect(int min = 5, int max = 8, char? terminator = '#', string? pattern = null, int attempts = 3) => Flow(
        "number",
        new CollectNode(
            "number",
            Say("enter"),
            "request",
            min,
            max,
            terminator,
            TimeSpan.FromSeconds(6),
            TimeSpan.FromSeconds(3),
            pattern,
            Retry(attempts, after: null),
            "thanks"),
        new HangupNode("thanks", Say("thanks"), FlowResult.Completed));

    [Fact]
    public async Task RunAsync_SetsVariableWithoutTerminator_WhenDigitsEndWithTerminator()
    {
        var harness = new EngineHarness();

        var outcome = await harness.RunAsync(Collect(), "12345#");

        Assert.Equal("thanks", outcome.LastNodeId);
        Assert.Equal(["number:12345#"], harness.StepsOf(FlowStepKind.Digits));
        Assert.Equal(["number:request=12345"], harness.StepsOf(FlowStepKind.VariableSet));
        Assert.Equal(EngineHarness.Start, harness.Steps.Single(step => step.Kind == FlowStepKind.VariableSet).At);
    }

    [Fact]
    public async Task RunAsync_StopsCollecting_WhenMaxLengthReached()
    {
        var harness = new EngineHarness();

        await harness.RunAsync(Collect(min: 4, max: 4), "123456");

        Assert.Equal(["number:request=1234"], harness.StepsOf(FlowStepKind.VariableSet));
    }

    [Fact]
    public async Task RunAsync_StopsCollectingAfterInterDigitTimeout_WhenCallerStopsKeying()
    {
        var harness = new EngineHarness();

        await harness.RunAsync(Collect(min: 3), "123");

        Assert.Equal(["number:request=123"], harness.StepsOf(FlowStepKind.VariableSet));
        Assert.Equal(EngineHarness.Start + TimeSpan.FromSeconds(3), harness.Steps.Single(step => step.Kind == FlowStepKind.VariableSet).At);
    }

    [Fact]
    public async Task RunAsync_RetriesWithTimeoutPrompt_WhenNoFirstDigitWithinTimeout()
    {
        var harness = new EngineHarness();

        await harness.RunAsync(Collect(), ",12345#");

        Assert.Equal(["number:no input within 6 s"], harness.StepsOf(FlowStepKind.NoInput));
        Assert.Equal(["enter", "timeout", "enter", "thanks"], harness.HeardKeys());
        Assert.Equal(EngineHarness.Start + TimeSpan.FromSeconds(6), harness.Steps.Single(step => step.Kind == FlowStepKind.VariableSet).At);
    }

    [Fact]
    public async Task RunAsync_RetriesWithInvalidPrompt_WhenTooShortOrNotMatchingPattern()
    {
        var harness = new EngineHarness();

        var outcome = await harness.RunAsync(Collect(pattern: "1\\d{4}", attempts: 4), "12#,99999#,1*345#,12345#");

        Assert.Equal("thanks", outcome.LastNodeId);
        Assert.Equal(
            ["number:2 digits, at least 5 needed", "number:'99999' does not match 1\\d{4}"],
            harness.StepsOf(FlowStepKind.InvalidInput).Take(2));
        Assert.Equal("number:* is not a digit", harness.StepsOf(FlowStepKind.InvalidInput)[2]);
        Assert.Equal(["number:request=12345"], harness.StepsOf(FlowStepKind.VariableSet));
        Assert.Equal(["enter", "invalid", "enter", "invalid", "enter", "invalid", "enter", "thanks"], harness.HeardKeys());
    }

    [Fact]
    public async Task RunAsync_EndsNoInput_WhenEveryAttemptIsInvalid()
    {
        var harness = new EngineHarness();

        var outcome = await harness.RunAsync(Collect(attempts: 2), "1#,#");

        Assert.Equal(FlowResult.NoInput, outcome.Result);
        Assert.Empty(harness.StepsOf(FlowStepKind.VariableSet));
    }

    [Fact]
    public async Task RunAsync_UsesBargeInKeyAsFirstDigit_WhenKeyedDuringPrompt()
    {
        var harness = new EngineHarness();

        await harness.RunAsync(Collect(), "98765#");

        Assert.Equal(["number:request=98765"], harness.StepsOf(FlowStepKind.VariableSet));
        Assert.Equal(["enter", "thanks"], harness.HeardKeys());
    }
}
