using IvrService.Flows;
using IvrService.Storage.Internal;
using IvrService.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IvrService.Storage.Tests;

/// <summary>
/// The steps of calls, and the summary of them the reports read (menu options chosen, message left, callback asked),
/// stored on the call when its flow outcome is stored, when it ends and when the start-up sweep ends it.
/// </summary>
public sealed class CallStepStoreTests : FreshDatabaseTest
{
    /// <summary>The summary of the steps <see cref="WriteMenuPathAsync"/> writes: 11 steps, two options chosen, a message.</summary>
    private const string MenuPathSummary = """{"(after-sales,main,2,service,1)","(after-sales,service,1,new-request,1)"} t f 11""";

    public CallStepStoreTests(PostgresFixture postgres)
        : base(postgres)
    {
    }

    private NpgsqlCallStepStore Steps => new(Database);

    private NpgsqlCallRecordStore Records => new(Database, Time, NullLogger<NpgsqlCallRecordStore>.Instance);

    [Fact]
    public async Task GetStepsAsync_ReturnsStepsInWrittenOrder_WhenJournalWroteThem()
    {
        // Arrange
        var id = await Records.RecordOfferedAsync(Offer("steps-1"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var journal = Steps.OpenJournal("steps-1", id, "after-sales", 3);
        FlowStep[] written =
        [
            new(Start, "main", FlowStepKind.NodeEntered, null),
            new(Start.AddSeconds(1), "main", FlowStepKind.PromptPlayed, "main.menu"),
            new(Start.AddSeconds(2), "main", FlowStepKind.Digits, "2"),
            new(Start.AddSeconds(3), "follow_up", FlowStepKind.NodeEntered, null),
            new(Start.AddSeconds(9), "bye", FlowStepKind.Outcome, "completed"),
        ];

        // Act
        foreach (var step in written)
        {
            await journal.WriteAsync(step, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        }

        // Assert
        var steps = await Steps.GetStepsAsync("steps-1", CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(
            written.Select((s, i) => new CallStep("steps-1", i + 1, s.At, s.NodeId, s.Kind, s.Detail, "after-sales", 3)),
            steps);
    }

    [Fact]
    public async Task GetStepsAsync_ReturnsLatestCallsSteps_WhenCallIdIsReused()
    {
        // Arrange
        var first = await Records.RecordOfferedAsync(Offer("reused"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await Steps.OpenJournal("reused", first, "after-sales", 1)
            .WriteAsync(new FlowStep(Start, "old", FlowStepKind.NodeEntered, null), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var second = await Records.RecordOfferedAsync(Offer("reused"), CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Act
        await Steps.OpenJournal("reused", second, "after-sales", 2)
            .WriteAsync(new FlowStep(Start, "new", FlowStepKind.NodeEntered, null), CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        var steps = await Steps.GetStepsAsync("reused", CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal([("new", 2)], steps.Select(s => (s.NodeId, s.FlowVersion)));
    }

    [Fact]
    public async Task RecordFlowOutcomeAsync_StoresFlowOnCallRecord_WhenFlowEnded()
    {
        // Arrange
        var id = await Records.RecordOfferedAsync(Offer("outcome-1"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var summary = CallFlowSummary.From("after-sales", 4, new FlowOutcome(FlowResult.MessageLeft, "thanks", "en"));

        // Act
        await Records.RecordFlowOutcomeAsync(id, summary, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        var record = await Records.GetByCallIdAsync("outcome-1", CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(new CallFlowSummary("after-sales", 4, "message_left", "en"), record!.Flow);
    }

    [Fact]
    public async Task RecordFlowOutcomeAsync_StoresStepSummary_WhenFlowWroteItsSteps()
    {
        // Arrange
        var id = await Records.RecordOfferedAsync(Offer("summary-outcome"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await WriteMenuPathAsync("summary-outcome", id);

        // Act
        await Records.RecordFlowOutcomeAsync(id, new CallFlowSummary("after-sales", 1, "message_left", "fa"), CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(MenuPathSummary, await SummaryAsync(id));
    }

    [Fact]
    public async Task RecordEndedAsync_StoresStepSummary_WhenCallEndsWithoutFlowOutcome()
    {
        // Arrange: a call that never ran a flow, and one whose flow asked for a callback but stored no outcome.
        var ringing = await Records.RecordOfferedAsync(Offer("summary-ringing"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var id = await Records.RecordOfferedAsync(Offer("summary-ended"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var journal = Steps.OpenJournal("summary-ended", id, "after-sales", 1);
        await journal.WriteAsync(new FlowStep(Start, "callback", FlowStepKind.NodeEntered, "callback"), CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);
        await journal.WriteAsync(new FlowStep(Start, "callback", FlowStepKind.Callback, "request 1"), CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);

        // Act
        await Records.RecordEndedAsync(ringing, Start.AddSeconds(3), CallEndReason.Cancelled, 487, CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);
        var ended = await Records.RecordEndedAsync(id, Start.AddSeconds(30), CallEndReason.CallerHangup, null, CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.True(ended);
        Assert.Equal("{} f f 0", await SummaryAsync(ringing));
        Assert.Equal("{} f t 2", await SummaryAsync(id));
    }

    [Fact]
    public async Task RecordFlowOutcomeAsync_SummarisesOnlyTheMenusSteps_WhenTheSurveyRanFirstOnTheCall()
    {
        // Arrange: a customer calling in answers the survey first (a comment: a recorded step), then uses the menu.
        var id = await Records.RecordOfferedAsync(Offer("summary-call-in"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var survey = Steps.OpenJournal("summary-call-in", id, "after-service", 2);
        await survey.WriteAsync(new FlowStep(Start, "comment", FlowStepKind.NodeEntered, "record"), CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);
        await survey.WriteAsync(new FlowStep(Start, "comment", FlowStepKind.Recorded, "comment: 4 s"), CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);
        var menu = Steps.OpenJournal("summary-call-in", id, "after-sales", 1);
        await menu.WriteAsync(new FlowStep(Start, "main", FlowStepKind.NodeEntered, "menu"), CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);
        await menu.WriteAsync(new FlowStep(Start, "main", FlowStepKind.Digits, "2"), CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);
        await menu.WriteAsync(new FlowStep(Start, "service", FlowStepKind.NodeEntered, "menu"), CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);

        // Act
        await Records.RecordFlowOutcomeAsync(id, new CallFlowSummary("after-sales", 1, "caller_hung_up", "fa"), CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);

        // Assert: the survey's comment is no message left on the menu; all five steps were counted.
        Assert.Equal("""{"(after-sales,main,2,service,1)"} f f 5""", await SummaryAsync(id));
    }

    [Fact]
    public async Task RecordEndedAsync_KeepsStoredSummary_WhenItWasMadeFromMoreSteps()
    {
        // Arrange: a summary of more steps than the call has now, as a writer that saw later steps would leave it.
        var id = await Records.RecordOfferedAsync(Offer("summary-stale"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await WriteMenuPathAsync("summary-stale", id);
        await Sql.ExecuteAsync(
            ConnectionString,
            "UPDATE call_records SET menu_choices = '{}', has_message = false, has_callback = true, summarised_steps = 12 WHERE id = $1",
            id).WaitAsync(TestTimeouts.Default);

        // Act
        await Records.RecordEndedAsync(id, Start.AddSeconds(30), CallEndReason.CallerHangup, null, CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal("{} f t 12", await SummaryAsync(id));
    }

    [Fact]
    public async Task MarkInterruptedCallsAsync_SummarisesStepsOfTheInstancesEndedCalls_WhenRunAtStart()
    {
        // Arrange: host-a crashed mid-menu; host-b's open call keeps no summary.
        var id = await Records.RecordOfferedAsync(Offer("summary-crash"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await WriteMenuPathAsync("summary-crash", id);
        var other = await Records.RecordOfferedAsync(Offer("summary-other", "host-b"), CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);
        await WriteMenuPathAsync("summary-other", other);

        // Act
        var count = await Records.MarkInterruptedCallsAsync("host-a", CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(1, count);
        Assert.Equal(MenuPathSummary, await SummaryAsync(id));
        Assert.Equal("", await SummaryAsync(other));
    }

    /// <summary>
    /// The steps of a menu run: a wrong key first (not an option), two options, digits at a collect node (not an
    /// option even though a node follows), then a message.
    /// </summary>
    private async Task WriteMenuPathAsync(string callId, long id)
    {
        var journal = Steps.OpenJournal(callId, id, "after-sales", 1);
        (string Node, FlowStepKind Kind, string Detail)[] path =
        [
            ("main", FlowStepKind.NodeEntered, "menu"),
            ("main", FlowStepKind.Digits, "8"),
            ("main", FlowStepKind.InvalidInput, "no option 8"),
            ("main", FlowStepKind.Digits, "2"),
            ("service", FlowStepKind.NodeEntered, "menu"),
            ("service", FlowStepKind.Digits, "1"),
            ("new-request", FlowStepKind.NodeEntered, "say"),
            ("account", FlowStepKind.NodeEntered, "collect"),
            ("account", FlowStepKind.Digits, "1234#"),
            ("message", FlowStepKind.NodeEntered, "record"),
            ("message", FlowStepKind.Recorded, "general message 1: 5 s"),
        ];
        foreach (var (node, kind, detail) in path)
        {
            await journal.WriteAsync(new FlowStep(Start, node, kind, detail), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        }
    }

    /// <summary>The stored summary as "choices message callback steps", or "" when there is none.</summary>
    private async Task<string?> SummaryAsync(long id) => await Sql.ScalarAsync<string>(
        ConnectionString,
        "SELECT concat_ws(' ', menu_choices::text, has_message, has_callback, summarised_steps) FROM call_records WHERE id = $1",
        id).WaitAsync(TestTimeouts.Default);

    private static CallOffered Offer(string callId, string instanceId = "host-a") => new(
        callId, CallDirection.Inbound, "sip:alice@127.0.0.1", "sip:100@127.0.0.1", "alice", "100", "127.0.0.1:5062",
        CallTransport.Udp, Start, instanceId);
}
