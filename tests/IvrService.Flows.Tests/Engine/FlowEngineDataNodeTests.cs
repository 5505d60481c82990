using IvrService.Flows.Definitions;
using static IvrService.Flows.Tests.Engine.EngineHarness;

namespace IvrService.Flows.Tests.Engine;

public sealed class FlowEngineDataNodeTests
{
    private static CollectNode AskNumber(string next) =>
        new("ask", Say("enter"), "number", 5, 5, '#', TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3), null, Retry(), next);

    private static FlowDefinition FollowUp() => Flow(
        "ask",
        AskNumber("lookup"),
        new LookupNode("lookup", "number", "status", "not_found"),
        new SayNode("status", new PromptSequence([new PromptKeyItem("your_status"), new StatusItem("{request.status}")]), "bye"),
        new SayNode("not_found", Say("not_found"), "bye"),
        Bye());

    [Fact]
    public async Task RunAsync_SetsRequestVariablesAndSaysStatus_WhenRequestFound()
    {
        var harness = new EngineHarness();

        var outcome = await harness.RunAsync(FollowUp(), "12345");

        Assert.Equal(["ask", "lookup", "status", "bye"], harness.Journal.Path);
        Assert.Equal(
            [
                "ask:number=12345", "lookup:request.number=12345", "lookup:request.status=in_progress",
                "lookup:request.status_date=2025-03-01", "lookup:request.visit_date=2025-03-05",
                "lookup:request.technician=Reza Ahmadi", "lookup:request.product_code=4711",
            ],
            harness.StepsOf(FlowStepKind.VariableSet));
        Assert.Equal(["enter", "your_status", "status.in_progress", "bye"], harness.HeardKeys());
        Assert.Contains("  ♪ fa: fa:status.in_progress", harness.Output.ToString(), StringComparison.Ordinal);
        Assert.Equal(FlowResult.Completed, outcome.Result);
    }

    [Fact]
    public async Task RunAsync_SaysUnknownStatus_WhenTheStatusHasNoPrompt()
    {
        var harness = new EngineHarness();
        harness.Services.Add(new ServiceRequestInfo("55555", "on_the_moon", null, null, null, null));

        var outcome = await harness.RunAsync(FollowUp(), "55555");

        Assert.Equal(["enter", "your_status", "status.unknown", "bye"], harness.HeardKeys());
        Assert.Equal(FlowResult.Completed, outcome.Result);
    }

    [Fact]
    public async Task RunAsync_SaysDateInCallersCalendar_WhenDateItemHasNoCalendar()
    {
        var flow = Flow("say", new SayNode("say", new PromptSequence([new DateItem("2025-03-05", null)]), "bye"), Bye());
        var persian = new EngineHarness();
        var english = new EngineHarness();

        await persian.RunAsync(flow, null);
        await english.RunAsync(flow, null, language: "en");

        Assert.Contains("month.jalali.12", persian.HeardKeys());
        Assert.Contains("month.gregorian.3", english.HeardKeys());
    }

    [Fact]
    public async Task RunAsync_GoesNotFound_WhenNoRequestHasTheNumber()
    {
        var harness = new EngineHarness();

        await harness.RunAsync(FollowUp(), "99999");

        Assert.Equal(["ask", "lookup", "not_found", "bye"], harness.Journal.Path);
    }

    [Fact]
    public async Task RunAsync_SaysFixedLanguageItemOnlyToItsCallers_WhenItemHasLanguageAndOnlyIn()
    {
        var offer = new PromptKeyItem("open") { Language = "en", OnlyIn = "fa" };
        var flow = Flow("say", new SayNode("say", new PromptSequence([new PromptKeyItem("thanks"), offer]), "bye"), Bye());
        var persian = new EngineHarness();
        var english = new EngineHarness();

        await persian.RunAsync(flow, null);
        await english.RunAsync(flow, null, language: "en");

        Assert.Contains("  ♪ fa: fa:thanks", persian.Output.ToString(), StringComparison.Ordinal);
        Assert.Contains("  ♪ en: en:open", persian.Output.ToString(), StringComparison.Ordinal);
        Assert.Equal(["thanks", "bye"], english.HeardKeys());
    }

    [Fact]
    public async Task RunAsync_LeavesOutItem_WhenItsVariableIsNotSet()
    {
        var harness = new EngineHarness();
        var flow = Flow(
            "say",
            new SayNode("say", new PromptSequence([new StatusItem("{request.status}"), new PromptKeyItem("thanks")]), "bye"),
            Bye());

        await harness.RunAsync(flow, null);

        Assert.Equal(["thanks", "bye"], harness.HeardKeys());
    }

    [Fact]
    public async Task RunAsync_CreatesServiceRequestWithCallerAsContact_WhenNoContactVariable()
    {
        var harness = new EngineHarness();
        var flow = Flow(
            "ask",
            AskNumber("create"),
            new ServiceRequestNode("create", "number", null, "done"),
            new SayNode("done", Say("created"), "bye"),
            Bye());

        await harness.RunAsync(flow, "47110");

        var created = Assert.Single(harness.Services.CreatedRequests);
        Assert.Equal(new NewServiceRequest("call-1", "09121234567", "09121234567", "47110", "fa"), created);
        Assert.Equal(["create:100001"], harness.StepsOf(FlowStepKind.ServiceRequestCreated));
        var stored = await harness.Services.FindServiceRequestAsync("100001", CancellationToken.None).WaitAsync(Wait);
        Assert.Equal("47110", stored?.ProductCode);
    }

    [Fact]
    public async Task RunAsync_SavesVoiceMessage_WhenCallerSpeaksAndPressesFinishKey()
    {
        var harness = new EngineHarness();
        var flow = Flow(
            "record",
            new RecordNode("record", Say("beep"), "complaint", TimeSpan.FromSeconds(60), '#', TimeSpan.FromSeconds(4), "thanks", "bye"),
            new HangupNode("thanks", Say("thanks"), FlowResult.MessageLeft),
            Bye());

        var outcome = await harness.RunAsync(flow, "#");

        Assert.Equal(FlowResult.MessageLeft, outcome.Result);
        var message = Assert.Single(harness.Services.VoiceMessages);
        Assert.Equal(("complaint", TimeSpan.FromSeconds(5), "fa"), (message.Category, message.Duration, message.Language));
        Assert.Equal(["record:complaint message message-1: 5 s, ended by finish key"], harness.StepsOf(FlowStepKind.Recorded));
        Assert.Equal(new RecordRequest(TimeSpan.FromSeconds(60), '#', TimeSpan.FromSeconds(4)), Assert.Single(harness.Port.Recordings));
    }

    [Fact]
    public async Task RunAsync_GoesNoMessage_WhenCallerSaysNothing()
    {
        var harness = new EngineHarness();
        var flow = Flow(
            "record",
            new RecordNode("record", Say("beep"), "complaint", TimeSpan.FromSeconds(60), '#', TimeSpan.FromSeconds(4), "thanks", "bye"),
            new HangupNode("thanks", Say("thanks"), FlowResult.MessageLeft),
            Bye());

        var outcome = await harness.RunAsync(flow, "");

        Assert.Equal("bye", outcome.LastNodeId);
        Assert.Empty(harness.Services.VoiceMessages);
        Assert.Equal(["record:no message: 4 s, ended by silence"], harness.StepsOf(FlowStepKind.NoInput));
    }

    [Fact]
    public async Task RunAsync_EndsMessageLeft_WhenCallerHangsUpAfterMessage()
    {
        var harness = new EngineHarness();
        var flow = Flow(
            "record",
            new RecordNode("record", Say("beep"), "suggestion", TimeSpan.FromSeconds(60), '#', null, "menu", null),
            Menu("menu", ('1', "bye")),
            Bye());

        var outcome = await harness.RunAsync(flow, "#");

        Assert.Equal(FlowResult.MessageLeft, outcome.Result);
        Assert.Equal("menu", outcome.LastNodeId);
        Assert.Equal("message_left: caller hung up", harness.Steps[^1].Detail);
    }

    [Fact]
    public async Task RunAsync_EndsTransferredToAllowedUri_WhenTransferSucceeds()
    {
        var harness = new EngineHarness();
        var flow = Flow(
            "operator",
            new TransferNode("operator", Say("hold"), "operator", TransferMode.Refer, TimeSpan.FromSeconds(30), "bye"),
            Bye());

        var outcome = await harness.RunAsync(flow, null);

        Assert.Equal(FlowResult.Transferred, outcome.Result);
        Assert.Equal(new TransferRequest("sip:operator@pbx.example.com", TransferMode.Refer, TimeSpan.FromSeconds(30)), Assert.Single(harness.Port.Transfers));
        Assert.Equal(["operator:operator sip:operator@pbx.example.com by refer: succeeded 202 Accepted"], harness.StepsOf(FlowStepKind.Transfer));
        Assert.Equal(["hold"], harness.HeardKeys());
    }

    [Fact]
    public async Task RunAsync_GoesToFailedTarget_WhenTransferFails()
    {
        var harness = new EngineHarness();
        var flow = Flow(
            "operator",
            new TransferNode("operator", null, "operator", TransferMode.Bridge, TimeSpan.FromSeconds(30), "bye"),
            Bye());

        var outcome = await harness.RunAsync(flow, null, transfer: new TransferResult(false, 486, "Busy Here"));

        Assert.Equal(FlowResult.Completed, outcome.Result);
        Assert.Equal(["operator", "bye"], harness.Journal.Path);
    }

    [Fact]
    public async Task RunAsync_EndsFailed_WhenDestinationNotOnAllowListAndNoFallback()
    {
        var harness = new EngineHarness();
        var flow = Flow("operator", new TransferNode("operator", null, "sales", TransferMode.Refer, TimeSpan.FromSeconds(30), null));

        var outcome = await harness.RunAsync(flow, null);

        Assert.Equal(FlowResult.Failed, outcome.Result);
        Assert.Equal("failed: destination 'sales' is not on the transfer allow-list", outcome.Detail);
        Assert.Empty(harness.Port.Transfers);
    }

    [Fact]
    public async Task RunAsync_SavesCallbackForCallerAndEndsCallbackRequested_WhenCallerHangsUpAfterwards()
    {
        var harness = new EngineHarness();
        var flow = Flow(
            "callback",
            new CallbackNode("callback", null, "out_of_hours", "menu"),
            Menu("menu", ('1', "bye")),
            Bye());

        var outcome = await harness.RunAsync(flow, null);

        Assert.Equal("callback_requested: caller hung up", outcome.Detail);
        Assert.Equal(new CallbackEntry("call-1", "09121234567", "09121234567", "out_of_hours", "fa"), Assert.Single(harness.Services.Callbacks));
        Assert.Equal(["callback:request callback-1 to call 09121234567 back (out_of_hours)"], harness.StepsOf(FlowStepKind.Callback));
    }

    [Fact]
    public async Task RunAsync_CallsBackCollectedNumber_WhenNumberVariableGiven()
    {
        var harness = new EngineHarness();
        var flow = Flow(
            "ask",
            AskNumber("callback"),
            new CallbackNode("callback", "number", "out_of_hours", "bye"),
            Bye());

        await harness.RunAsync(flow, "55555");

        Assert.Equal("55555", Assert.Single(harness.Services.Callbacks).Number);
    }
}
