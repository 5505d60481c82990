using IvrService.Flows.Definitions;
using static IvrService.Flows.Tests.Engine.EngineHarness;

namespace IvrService.Flows.Tests.Engine;

public sealed class FlowEngineEndingTests
{
    [Fact]
    public async Task RunAsync_EndsAbandonedWithOutcomeStepLast_WhenCallerHangsUp()
    {
        var harness = new EngineHarness();
        var flow = Flow("main", Menu("main", ('1', "bye")), Bye());

        var outcome = await harness.RunAsync(flow, null);

        Assert.Equal(new FlowOutcome(FlowResult.Abandoned, "main", "fa") { Detail = "abandoned: caller hung up" }, outcome);
        Assert.Equal(FlowStepKind.Outcome, harness.Steps[^1].Kind);
        Assert.Equal("abandoned: caller hung up", harness.Steps[^1].Detail);
        Assert.True(harness.Port.HungUpByCaller);
    }

    [Fact]
    public async Task RunAsync_WritesEveryStepInOrder_WhenCallerWalksTheFlow()
    {
        var harness = new EngineHarness();
        var flow = Flow(
            "main",
            Menu("main", ('2', "ask")),
            new CollectNode("ask", Say("enter"), "number", 5, 5, '#', TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3), null, Retry(), "lookup"),
            new LookupNode("lookup", "number", "status", "bye"),
            new SayNode("status", new PromptSequence([new PromptKeyItem("your_status"), new StatusItem("{request.status}")]), "bye"),
            Bye());

        await harness.RunAsync(flow, "7,2,23456");

        var steps = harness.Steps.Select(step => $"{step.NodeId} {step.Kind}").ToList();
        Assert.Equal(
            [
                "main NodeEntered", "main PromptPlayed", "main Digits", "main InvalidInput", "main PromptPlayed",
                "main PromptPlayed", "main Digits",
                "ask NodeEntered", "ask PromptPlayed", "ask Digits", "ask VariableSet",
                "lookup NodeEntered", "lookup VariableSet", "lookup VariableSet", "lookup VariableSet", "lookup VariableSet",
                "lookup VariableSet", "lookup VariableSet",
                "status NodeEntered", "status PromptPlayed",
                "bye NodeEntered", "bye PromptPlayed", "bye Outcome",
            ],
            steps);
        Assert.Equal(["main:main", "main:invalid", "main:main", "ask:enter", "status:your_status status.scheduled", "bye:bye"], harness.StepsOf(FlowStepKind.PromptPlayed));
        Assert.Equal(
            "[main] menu\n  ♪ fa: fa:main\n  ⌨ 7\n  ✗ invalid: no option 7\n  ♪ fa: fa:invalid\n  ♪ fa: fa:main\n  ⌨ 2\n" +
            "[ask] collect\n  ♪ fa: fa:enter\n  ⌨ 23456\n  ≔ number = 23456\n[lookup] lookup\n",
            string.Concat(harness.Output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Split("  ≔ request.number")[0]));
        Assert.EndsWith("[bye] hangup\n  ♪ fa: fa:bye\n→ outcome: completed\n", harness.Output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EndsFailed_WhenNodesLoopWithoutCallerInput()
    {
        var harness = new EngineHarness();
        var flow = Flow("a", new GotoNode("a", "b"), new GotoNode("b", "a"));

        var outcome = await harness.RunAsync(flow, null);

        Assert.Equal(FlowResult.Failed, outcome.Result);
        Assert.Equal("failed: more than 200 nodes entered without caller input", outcome.Detail);
        Assert.Equal(200, harness.StepsOf(FlowStepKind.NodeEntered).Count);
    }

    [Fact]
    public async Task RunAsync_EndsFailedWithError_WhenDataStoreThrows()
    {
        var harness = new EngineHarness();
        var flow = Flow(
            "ask",
            new CollectNode("ask", Say("enter"), "number", 5, 5, '#', TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3), null, Retry(), "lookup"),
            new LookupNode("lookup", "number", "bye", "bye"),
            Bye());
        var failure = new InvalidOperationException("the database is unavailable");

        var outcome = await harness.RunAsync(flow, "12345", services: new FailingFlowServices(failure));

        Assert.Equal(FlowResult.Failed, outcome.Result);
        Assert.Equal("lookup", outcome.LastNodeId);
        Assert.Same(failure, outcome.Error);
        Assert.Equal(["lookup:failed: the database is unavailable"], harness.StepsOf(FlowStepKind.Outcome));
    }

    [Fact]
    public async Task RunAsync_EndsFailed_WhenPromptHasNoText()
    {
        var harness = new EngineHarness();
        var flow = Flow("say", new SayNode("say", Say("no_such_prompt"), "bye"), Bye());

        var outcome = await harness.RunAsync(flow, null);

        Assert.Equal("failed: Prompt 'no_such_prompt' has no text in 'fa'.", outcome.Detail);
    }

    private sealed class FailingFlowServices(Exception failure) : IFlowServices
    {
        public Task<ServiceRequestInfo?> FindServiceRequestAsync(string requestNumber, CancellationToken cancellationToken) => Task.FromException<ServiceRequestInfo?>(failure);

        public Task<string> CreateServiceRequestAsync(NewServiceRequest request, CancellationToken cancellationToken) => Task.FromException<string>(failure);

        public Task<string> SaveVoiceMessageAsync(VoiceMessageEntry entry, CancellationToken cancellationToken) => Task.FromException<string>(failure);

        public Task<string> SaveCallbackRequestAsync(CallbackEntry entry, CancellationToken cancellationToken) => Task.FromException<string>(failure);
    }
}
