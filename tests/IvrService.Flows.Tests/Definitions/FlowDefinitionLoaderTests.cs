using IvrService.Flows.Calendar;
using IvrService.Flows.Definitions;
using static IvrService.Flows.Tests.Definitions.FlowFixtures;

namespace IvrService.Flows.Tests.Definitions;

public sealed class FlowDefinitionLoaderTests
{
    [Fact]
    public void Load_ReadsEveryNodeKind_WhenAllAreWritten()
    {
        var yaml = Flow(
            """
              code:
                type: collect
                prompt: enter_code
                variable: code
                min_length: 4
                max_length: 10
                terminator: "#"
                first_digit_timeout: 8s
                inter_digit_timeout: 500ms
                pattern: "^[0-9]+$"
                retries: 2
                invalid: invalid_choice
                no_input: no_input
                next: say_all
                interruptible: false
              say_all:
                type: say
                prompt:
                  - thanks
                  - prompt: thanks
                  - number: "1250000"
                  - digits: "{caller}"
                  - date: "{request.visit_date}"
                    calendar: gregorian
                  - date: "1405-01-01"
                  - amount: "{code}"
                    currency: USD
                  - status: open
                next: find
              find:
                type: lookup
                number: "{code}"
                found: create
                not_found: back_up
              create:
                type: service_request
                product_code: "{code}"
                contact_number: "{code}"
                next: message
              message:
                type: record
                prompt: record_message
                category: suggestion
                max_length: 2m
                finish_key: "#"
                silence: 4s
                next: agent
                no_message: again
              agent:
                type: transfer
                destination: operator
                mode: bridge
                ring_timeout: 20s
                failed: call_me
              call_me:
                type: callback
                number: "{code}"
                reason: busy
                next: hours
              hours:
                type: hours
                time_zone: Asia/Tehran
                weekly: { saturday: "08:00-12:00, 13:00-17:00", thursday: "08:00-13:00", friday: closed }
                holidays: [1405-01-01, "2026-12-25"]
                open: english
                closed: jump
                holiday: goodbye
              english:
                type: language
                language: en
                next: goodbye
              jump:
                type: goto
                target: goodbye
              back_up:
                type: back
              again:
                type: repeat
            """,
            options: "{ \"1\": code, \"*\": back_up, \"#\": again }");

        var result = Load(yaml);

        Assert.Empty(result.Problems);
        var flow = result.Definition!;
        Assert.Equal(["fa", "en"], flow.Languages);
        Assert.Equal("fa", flow.DefaultLanguage);
        var menu = Assert.IsType<MenuNode>(flow.Nodes["main"]);
        Assert.Equal(new SourceLocation(5, 3), menu.Location);
        Assert.Equal("code", menu.Options['1']);
        Assert.Equal("again", menu.Options['#']);
        Assert.Equal(TimeSpan.FromSeconds(5), menu.Timeout);
        Assert.Equal((3, "goodbye"), (menu.Retry.MaxAttempts, menu.Retry.AfterLastAttempt));
        Assert.Equal(new PromptKeyItem("invalid_choice"), Assert.Single(menu.Retry.InvalidPrompt!.Items));
        Assert.Equal(new PromptKeyItem("no_input"), Assert.Single(menu.Retry.TimeoutPrompt!.Items));

        var collect = Assert.IsType<CollectNode>(flow.Nodes["code"]);
        Assert.Equal(("code", 4, 10, (char?)'#'), (collect.Variable, collect.MinLength, collect.MaxLength, collect.Terminator));
        Assert.Equal((TimeSpan.FromSeconds(8), TimeSpan.FromMilliseconds(500)), (collect.FirstDigitTimeout, collect.InterDigitTimeout));
        Assert.Equal(("^[0-9]+$", 2, "say_all", false), (collect.Pattern, collect.Retry.MaxAttempts, collect.Next, collect.Interruptible));
        Assert.Null(collect.Retry.AfterLastAttempt);

        var say = Assert.IsType<SayNode>(flow.Nodes["say_all"]);
        PromptItem[] expected =
        [
            new PromptKeyItem("thanks"), new PromptKeyItem("thanks"), new NumberItem("1250000"), new DigitsItem("{caller}"),
            new DateItem("{request.visit_date}", CalendarSystem.Gregorian), new DateItem("1405-01-01", null),
            new AmountItem("{code}", "USD"), new StatusItem("open"),
        ];
        Assert.Equal(expected, say.Items.Items);

        Assert.Equal(new LookupNode("find", "code", "create", "back_up") { Location = flow.Nodes["find"].Location }, flow.Nodes["find"]);
        Assert.Equal(new ServiceRequestNode("create", "code", "code", "message") { Location = flow.Nodes["create"].Location }, flow.Nodes["create"]);
        var record = Assert.IsType<RecordNode>(flow.Nodes["message"]);
        Assert.Equal(("suggestion", TimeSpan.FromMinutes(2), (char?)'#', (TimeSpan?)TimeSpan.FromSeconds(4), "agent", "again"),
            (record.Category, record.MaxLength, record.FinishKey, record.SilenceTimeout, record.Next, record.NoMessage));
        var transfer = Assert.IsType<TransferNode>(flow.Nodes["agent"]);
        Assert.Equal(("operator", TransferMode.Bridge, TimeSpan.FromSeconds(20), "call_me"), (transfer.Destination, transfer.Mode, transfer.RingTimeout, transfer.Failed));
        Assert.Null(transfer.Prompt);
        Assert.Equal(new CallbackNode("call_me", "code", "busy", "hours") { Location = flow.Nodes["call_me"].Location }, flow.Nodes["call_me"]);

        var hours = Assert.IsType<HoursNode>(flow.Nodes["hours"]);
        Assert.Equal(("english", "jump", "goodbye"), (hours.Open, hours.Closed, hours.Holiday));
        Assert.Equal("Asia/Tehran", hours.Schedule.TimeZone.Id);
        Assert.Equal(
            [new OpeningPeriod(new TimeOnly(8, 0), new TimeOnly(12, 0)), new OpeningPeriod(new TimeOnly(13, 0), new TimeOnly(17, 0))],
            hours.Schedule.Week[DayOfWeek.Saturday]);
        Assert.Equal([new OpeningPeriod(new TimeOnly(8, 0), new TimeOnly(13, 0))], hours.Schedule.Week[DayOfWeek.Thursday]);
        Assert.Empty(hours.Schedule.Week[DayOfWeek.Friday]);
        Assert.Empty(hours.Schedule.Week[DayOfWeek.Monday]);
        Assert.Equal([new DateOnly(2026, 3, 21), new DateOnly(2026, 12, 25)], hours.Schedule.Holidays);

        Assert.Equal(new LanguageNode("english", "en", "goodbye") { Location = flow.Nodes["english"].Location }, flow.Nodes["english"]);
        Assert.Equal("goodbye", Assert.IsType<GotoNode>(flow.Nodes["jump"]).Target);
        Assert.IsType<BackNode>(flow.Nodes["back_up"]);
        Assert.IsType<RepeatNode>(flow.Nodes["again"]);
        var hangup = Assert.IsType<HangupNode>(flow.Nodes["goodbye"]);
        Assert.Equal(FlowResult.Completed, hangup.Outcome);
    }

    [Fact]
    public void Load_UsesDefaults_WhenOptionalFieldsAreLeftOut()
    {
        var yaml = Flow(
            """
              code:
                type: collect
                prompt: enter_code
                variable: code
                max_length: 6
                first_digit_timeout: 5s
                retries: 1
                invalid: invalid_choice
                no_input: no_input
                next: agent
              agent:
                type: transfer
                destination: operator
              call_me:
                type: callback
                next: goodbye
            """,
            options: "{ \"1\": code, \"2\": call_me }");

        var flow = Load(yaml).Definition!;

        var collect = Assert.IsType<CollectNode>(flow.Nodes["code"]);
        Assert.Equal((1, (char?)null, TimeSpan.FromSeconds(3), (string?)null, true), (collect.MinLength, collect.Terminator, collect.InterDigitTimeout, collect.Pattern, collect.Interruptible));
        var transfer = Assert.IsType<TransferNode>(flow.Nodes["agent"]);
        Assert.Equal((TransferMode.Refer, TimeSpan.FromSeconds(30), (string?)null), (transfer.Mode, transfer.RingTimeout, transfer.Failed));
        var callback = Assert.IsType<CallbackNode>(flow.Nodes["call_me"]);
        Assert.Equal(((string?)null, "callback"), (callback.NumberVariable, callback.Reason));
    }

    [Theory]
    [InlineData("completed", FlowResult.Completed)]
    [InlineData("message_left", FlowResult.MessageLeft)]
    [InlineData("callback_requested", FlowResult.CallbackRequested)]
    [InlineData("transferred", FlowResult.Transferred)]
    [InlineData("no_input", FlowResult.NoInput)]
    [InlineData("failed", FlowResult.Failed)]
    public void Load_ReadsHangupOutcome_WhenWritten(string written, FlowResult expected)
    {
        var yaml = Flow($"""
              done:
                type: hangup
                outcome: {written}
            """, options: "{ \"1\": goodbye, \"2\": done }");

        var hangup = Assert.IsType<HangupNode>(Load(yaml).Definition!.Nodes["done"]);

        Assert.Equal(expected, hangup.Outcome);
        Assert.Null(hangup.Prompt);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("5s", 5_000)]
    [InlineData("2m", 120_000)]
    public void Load_ReadsDurations_InEveryUnit(string written, int milliseconds)
    {
        var yaml = Flow(string.Empty).Replace("timeout: 5s", $"timeout: {written}", StringComparison.Ordinal);

        var menu = Assert.IsType<MenuNode>(Load(yaml).Definition!.Nodes["main"]);

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), menu.Timeout);
    }

    [Fact]
    public void Load_ReturnsTitleAndNodesInFileOrder_WhenValid()
    {
        var flow = Load("title: Test line\n" + Flow(string.Empty)).Definition!;

        Assert.Equal(("test", "Test line", "main", SourceFile), (flow.Id, flow.Title, flow.StartNodeId, flow.SourceName));
        Assert.Equal(["main", "goodbye"], flow.Nodes.Keys);
    }

    [Fact]
    public void Load_ReportsEveryProblem_NotJustTheFirst()
    {
        var yaml = Flow(
            """
              lost:
                type: say
                prompt: nowhere_prompt
                next: missing_node
            """,
            options: "{ \"1\": goodbye, \"x\": goodbye }");

        var problems = Load(yaml).Problems;

        Assert.Equal(
        [
            "menus/test.yaml:8:30: nodes.main.options.x: 'x' is not a key; a key is one of 0-9, * or # (quote * and #)",
            "menus/test.yaml:17:3: nodes.lost: node 'lost' cannot be reached from the start node 'main'",
            "menus/test.yaml:19:13: nodes.lost.prompt: prompt 'nowhere_prompt' has no text for languages fa, en",
            "menus/test.yaml:20:11: nodes.lost.next: target 'missing_node' is not a node of this flow",
        ],
            problems.Select(p => p.ToString()));
    }
}
