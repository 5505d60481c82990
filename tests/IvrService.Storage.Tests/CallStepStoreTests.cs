using IvrService.Flows;
using IvrService.Storage.Internal;
using IvrService.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IvrService.Storage.Tests;

public sealed class CallStepStoreTests : FreshDatabaseTest
{
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

    private static CallOffered Offer(string callId) => new(
        callId, CallDirection.Inbound, "sip:alice@127.0.0.1", "sip:100@127.0.0.1", "alice", "100", "127.0.0.1:5062",
        CallTransport.Udp, Start, "host-a");
}
