using IvrService.Storage.Internal;
using IvrService.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IvrService.Storage.Tests;

public sealed class CallRecordStoreTests : FreshDatabaseTest
{
    public CallRecordStoreTests(PostgresFixture postgres)
        : base(postgres)
    {
    }

    private NpgsqlCallRecordStore Store => new(Database, Time, NullLogger<NpgsqlCallRecordStore>.Instance);

    [Fact]
    public async Task RecordOfferedAsync_StoresOpenRow_WhenCallIsOffered()
    {
        // Arrange
        var offered = Offer("a84b4c76e66710@pc33.example.com");

        // Act
        var id = await Store.RecordOfferedAsync(offered, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        var record = await Store.GetByCallIdAsync(offered.CallId, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.NotNull(record);
        Assert.Equal(
            new CallRecord(id, offered.CallId, CallDirection.Inbound, offered.FromUri, offered.ToUri, "alice", "100",
                "127.0.0.1:5062", CallTransport.Udp, Start, null, null, null, null, "host-a"),
            record);
    }

    [Fact]
    public async Task RecordEndedAsync_CompletesRow_WhenCallIsAnsweredThenEnded()
    {
        // Arrange
        var id = await Store.RecordOfferedAsync(Offer("lifecycle-1"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var answeredAt = Start.AddSeconds(2);
        var endedAt = Start.AddSeconds(95);

        // Act
        var answered = await Store.RecordAnsweredAsync(id, answeredAt, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var ended = await Store.RecordEndedAsync(id, endedAt, CallEndReason.CallerHangup, 200, CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.True(answered);
        Assert.True(ended);
        var record = await Store.GetByCallIdAsync("lifecycle-1", CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.NotNull(record);
        Assert.Equal(answeredAt, record.AnsweredAt);
        Assert.Equal(endedAt, record.EndedAt);
        Assert.Equal(CallEndReason.CallerHangup, record.EndReason);
        Assert.Equal(200, record.SipStatus);
    }

    [Fact]
    public async Task RecordEndedAsync_RoundTripsReason_WhenAnyReasonIsGiven()
    {
        foreach (var reason in Enum.GetValues<CallEndReason>())
        {
            // Arrange
            var callId = $"reason-{reason}";
            var id = await Store.RecordOfferedAsync(Offer(callId), CancellationToken.None).WaitAsync(TestTimeouts.Default);

            // Act
            await Store.RecordEndedAsync(id, Start.AddSeconds(1), reason, null, CancellationToken.None).WaitAsync(TestTimeouts.Default);

            // Assert
            var record = await Store.GetByCallIdAsync(callId, CancellationToken.None).WaitAsync(TestTimeouts.Default);
            Assert.Equal(reason, record!.EndReason);
            Assert.Null(record.SipStatus);
        }
    }

    [Fact]
    public async Task RecordEndedAsync_KeepsFirstEnd_WhenCallIsEndedTwice()
    {
        // Arrange
        var id = await Store.RecordOfferedAsync(Offer("twice"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await Store.RecordEndedAsync(id, Start.AddSeconds(5), CallEndReason.Cancelled, 487, CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);

        // Act
        var second = await Store.RecordEndedAsync(id, Start.AddSeconds(9), CallEndReason.Shutdown, null, CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.False(second);
        var record = await Store.GetByCallIdAsync("twice", CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(CallEndReason.Cancelled, record!.EndReason);
        Assert.Equal(487, record.SipStatus);
        Assert.Equal(Start.AddSeconds(5), record.EndedAt);
    }

    [Fact]
    public async Task RecordAnsweredAsync_ReturnsFalse_WhenCallAlreadyEnded()
    {
        // Arrange
        var id = await Store.RecordOfferedAsync(Offer("late-answer"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await Store.RecordEndedAsync(id, Start.AddSeconds(1), CallEndReason.Cancelled, 487, CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);

        // Act
        var answered = await Store.RecordAnsweredAsync(id, Start.AddSeconds(2), CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.False(answered);
        var record = await Store.GetByCallIdAsync("late-answer", CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Null(record!.AnsweredAt);
    }

    [Fact]
    public async Task MarkInterruptedCallsAsync_EndsOnlyOpenCallsOfThisInstance_WhenRunAtStart()
    {
        // Arrange: host-a crashed with one answered and one ringing call; one call had ended; host-b is alive.
        var answered = await Store.RecordOfferedAsync(Offer("open-answered"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await Store.RecordAnsweredAsync(answered, Start.AddSeconds(1), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await Store.RecordOfferedAsync(Offer("open-ringing"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var done = await Store.RecordOfferedAsync(Offer("done"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await Store.RecordEndedAsync(done, Start.AddSeconds(3), CallEndReason.IvrHangup, 200, CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);
        await Store.RecordOfferedAsync(Offer("other-host", instanceId: "host-b"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Time.Advance(TimeSpan.FromMinutes(10));

        // Act
        var count = await Store.MarkInterruptedCallsAsync("host-a", CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(2, count);
        foreach (var callId in new[] { "open-answered", "open-ringing" })
        {
            var record = await Store.GetByCallIdAsync(callId, CancellationToken.None).WaitAsync(TestTimeouts.Default);
            Assert.Equal(CallEndReason.Interrupted, record!.EndReason);
            Assert.Equal(Start.AddMinutes(10), record.EndedAt);
        }

        var finished = await Store.GetByCallIdAsync("done", CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(CallEndReason.IvrHangup, finished!.EndReason);
        var other = await Store.GetByCallIdAsync("other-host", CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Null(other!.EndedAt);
    }

    [Fact]
    public async Task GetByCallIdAsync_ReturnsNull_WhenCallIdIsUnknown()
    {
        var record = await Store.GetByCallIdAsync("never-seen", CancellationToken.None).WaitAsync(TestTimeouts.Default);

        Assert.Null(record);
    }

    [Fact]
    public async Task GetByCallIdAsync_ReturnsLatest_WhenCallIdWasReused()
    {
        // Arrange
        await Store.RecordOfferedAsync(Offer("reused"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Time.Advance(TimeSpan.FromMinutes(1));
        var latest = await Store.RecordOfferedAsync(Offer("reused", offeredAt: Time.GetUtcNow()), CancellationToken.None)
            .WaitAsync(TestTimeouts.Default);

        // Act
        var record = await Store.GetByCallIdAsync("reused", CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(latest, record!.Id);
    }

    [Fact]
    public async Task ListAsync_ReturnsNewestFirst_WhenMoreCallsThanLimit()
    {
        // Arrange
        for (var i = 0; i < 4; i++)
        {
            await Store.RecordOfferedAsync(Offer($"list-{i}", offeredAt: Start.AddMinutes(i)), CancellationToken.None)
                .WaitAsync(TestTimeouts.Default);
        }

        // Act
        var records = await Store.ListAsync(3, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(["list-3", "list-2", "list-1"], records.Select(r => r.CallId));
    }

    [Fact]
    public async Task ListAsync_Throws_WhenLimitIsNotPositive()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => Store.ListAsync(0, CancellationToken.None).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task RecordOfferedAsync_StoresOutboundTcpCall_WhenLocalTimeHasOffset()
    {
        // Arrange: a time with a non-UTC offset is stored as the same instant.
        var tehran = new DateTimeOffset(2025, 3, 1, 13, 0, 0, TimeSpan.FromHours(3.5));
        var offered = Offer("outbound-1", offeredAt: tehran) with
        {
            Direction = CallDirection.Outbound,
            Transport = CallTransport.Tcp,
        };

        // Act
        await Store.RecordOfferedAsync(offered, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        var record = await Store.GetByCallIdAsync("outbound-1", CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(CallDirection.Outbound, record!.Direction);
        Assert.Equal(CallTransport.Tcp, record.Transport);
        Assert.Equal(tehran, record.OfferedAt);
    }

    private static CallOffered Offer(string callId, string instanceId = "host-a", DateTimeOffset? offeredAt = null)
        => new(
            CallId: callId,
            Direction: CallDirection.Inbound,
            FromUri: "sip:alice@atlanta.example.com",
            ToUri: "sip:100@ivr.example.com",
            Caller: "alice",
            Called: "100",
            SourceAddress: "127.0.0.1:5062",
            Transport: CallTransport.Udp,
            OfferedAt: offeredAt ?? Start,
            InstanceId: instanceId);
}
