using System.Globalization;
using IvrService.Flows;
using IvrService.Storage;
using IvrService.Testing;

namespace IvrService.Api.Tests;

/// <summary>A menu option a seeded caller chose: the key at a menu node and the node it led to.</summary>
internal sealed record SeededChoice(string Menu, char Key, string Target);

/// <summary>
/// An inbound call to seed, as the test knows it; <see cref="ReportSeeds"/> writes it through the product's stores
/// (record, steps through the journal, menu outcome) and the test counts the same facts from this description.
/// </summary>
internal sealed record SeededCall(
    DateTimeOffset OfferedAt,
    bool Answered,
    int TalkSeconds,
    string Outcome,
    bool Message,
    bool Callback,
    IReadOnlyList<SeededChoice> Choices,
    string FlowId = ReportSeeds.FlowId,
    bool Outbound = false);

/// <summary>Writes seeded calls for the report tests, each test to its own called number.</summary>
internal static class ReportSeeds
{
    public const string FlowId = "report-menu";

    private static readonly string[] s_outcomes = ["completed", "abandoned", "transferred", "message_left", "callback_requested", "no_input", "failed"];

    private static readonly SeededChoice[][] s_paths =
    [
        [],
        [new("main", '1', "status")],
        [new("main", '2', "service")],
        [new("main", '2', "service"), new("service", '1', "new-request")],
        [new("main", '0', "operator")],
        [new("main", '3', "message")],
        [new("main", '1', "status"), new("main", '1', "status")],
        [new("main", '2', "service"), new("service", '*', "main"), new("main", '0', "operator")],
        [new("main", '#', "callback")],
    ];

    /// <summary>A called number no other test uses, so a report filtered by it sees only this test's calls.</summary>
    public static string NewCalled() => "77" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);

    /// <summary><paramref name="count"/> calls of every kind at random instants of [from, to), repeatable by <paramref name="seed"/>.</summary>
    public static List<SeededCall> RandomCalls(int seed, int count, DateTimeOffset from, DateTimeOffset to)
    {
        var random = new Random(seed);
        var calls = new List<SeededCall>(count);
        var seconds = (long)(to - from).TotalSeconds;
        for (var i = 0; i < count; i++)
        {
            var at = from.AddSeconds(random.NextInt64(seconds));
            var answered = random.Next(10) > 0;
            var outcome = answered ? s_outcomes[random.Next(s_outcomes.Length)] : "";
            calls.Add(new SeededCall(
                at,
                answered,
                answered ? random.Next(5, 600) : 0,
                outcome,
                answered && (outcome == "message_left" || random.Next(8) == 0),
                answered && (outcome == "callback_requested" || random.Next(10) == 0),
                answered ? s_paths[random.Next(s_paths.Length)] : [],
                random.Next(5) == 0 ? FlowId + "-b" : FlowId));
        }

        return calls;
    }

    public static async Task SeedAsync(ApiServerFixture server, string called, IEnumerable<SeededCall> calls)
    {
        foreach (var call in calls)
        {
            await SeedAsync(server.Records, server.Steps, called, call);
        }
    }

    public static async Task SeedAsync(ICallRecordStore records, ICallStepStore steps, string called, SeededCall call)
    {
        var callId = Guid.NewGuid().ToString("N") + "@report";
        var id = await records.RecordOfferedAsync(
            new CallOffered(callId, call.Outbound ? CallDirection.Outbound : CallDirection.Inbound, "sip:09120000000@127.0.0.1",
                $"sip:{called}@127.0.0.1", "09120000000", called, "127.0.0.1:5062", CallTransport.Udp, call.OfferedAt, "report-host"),
            CancellationToken.None).WaitAsync(TestTimeouts.Default);
        if (!call.Answered)
        {
            await records.RecordEndedAsync(id, call.OfferedAt.AddSeconds(4), CallEndReason.Cancelled, 487, CancellationToken.None)
                .WaitAsync(TestTimeouts.Default);
            return;
        }

        var answeredAt = call.OfferedAt.AddSeconds(1);
        await records.RecordAnsweredAsync(id, answeredAt, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var journal = steps.OpenJournal(callId, id, call.FlowId, 1);
        var at = answeredAt;
        async Task StepAsync(string node, FlowStepKind kind, string? detail)
        {
            at = at.AddMilliseconds(100);
            await journal.WriteAsync(new FlowStep(at, node, kind, detail), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        }

        // The path as the engine writes it: menus entered as "menu", a wrong key first at the main menu (not an
        // option), each valid key followed by entering its target.
        await StepAsync("main", FlowStepKind.NodeEntered, "menu");
        await StepAsync("main", FlowStepKind.PromptPlayed, "welcome");
        if (call.Choices.Count > 0)
        {
            await StepAsync("main", FlowStepKind.Digits, "8");
            await StepAsync("main", FlowStepKind.InvalidInput, "no option 8");
        }

        var node = "main";
        foreach (var choice in call.Choices)
        {
            if (choice.Menu != node)
            {
                await StepAsync(choice.Menu, FlowStepKind.NodeEntered, "menu");
            }

            await StepAsync(choice.Menu, FlowStepKind.Digits, choice.Key.ToString());
            await StepAsync(choice.Target, FlowStepKind.NodeEntered, choice.Target is "main" or "service" ? "menu" : "say");
            node = choice.Target;
        }

        // A collect node's digits are not a menu option, even when a node is entered after them.
        await StepAsync("account", FlowStepKind.NodeEntered, "collect");
        await StepAsync("account", FlowStepKind.Digits, "1234#");
        await StepAsync("account-done", FlowStepKind.NodeEntered, "say");
        if (call.Message)
        {
            await StepAsync("message", FlowStepKind.NodeEntered, "record");
            await StepAsync("message", FlowStepKind.Recorded, "general message 1: 5 s");
        }

        if (call.Callback)
        {
            await StepAsync("callback", FlowStepKind.NodeEntered, "callback");
            await StepAsync("callback", FlowStepKind.Callback, "request 1 to call 0912 back (status)");
        }

        await StepAsync(node, FlowStepKind.Outcome, call.Outcome);
        await records.RecordFlowOutcomeAsync(id, new CallFlowSummary(call.FlowId, 1, call.Outcome, "fa"), CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);
        await records.RecordEndedAsync(id, answeredAt.AddSeconds(call.TalkSeconds), CallEndReason.CallerHangup, null, CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);
    }
}
