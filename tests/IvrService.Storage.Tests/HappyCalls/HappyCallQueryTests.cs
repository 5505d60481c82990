using IvrService.Storage.HappyCalls;
using IvrService.Storage.Internal;
using IvrService.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using static IvrService.Storage.Tests.HappyCalls.HappyCallSamples;

namespace IvrService.Storage.Tests.HappyCalls;

public sealed class HappyCallQueryTests : FreshDatabaseTest
{
    private static readonly CancellationToken None = CancellationToken.None;

    public HappyCallQueryTests(PostgresFixture postgres)
        : base(postgres)
    {
    }

    private NpgsqlHappyCallStore Store => new(Database, Time);

    private NpgsqlCallRecordStore Records => new(Database, Time, NullLogger<NpgsqlCallRecordStore>.Instance);

    [Fact]
    public async Task ListAsync_ReturnsMostRecentlyUpdatedFirst_WhenNoFilterIsGiven()
    {
        // Arrange: a, b, c created a minute apart; a is updated last.
        var a = await CreateAsync(Service("L-a"));
        Time.Advance(TimeSpan.FromMinutes(1));
        var b = await CreateAsync(Service("L-b"));
        Time.Advance(TimeSpan.FromMinutes(1));
        var c = await CreateAsync(Service("L-c"));
        Time.Advance(TimeSpan.FromMinutes(1));
        await Store.AddAnswerAsync(a.Id, Rating("quality", 5, Time.GetUtcNow()), escalates: false, None).WaitAsync(TestTimeouts.Default);

        // Act
        var listed = await Store.ListAsync(new SurveyResultFilter(), null, 10, None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal([a.Id, c.Id, b.Id], listed.Select(call => call.Id));
        Assert.Single(listed[0].Answers);
    }

    [Fact]
    public async Task ListAsync_AppliesEveryFilter_WhenFiltersAreCombined()
    {
        // Arrange
        var match = await CreateAsync(Service("F-1", technicianId: "tech-1", serviceType: "fridge"));
        var otherTechnician = await CreateAsync(Service("F-2", technicianId: "tech-2", serviceType: "fridge"));
        var otherType = await CreateAsync(Service("F-3", technicianId: "tech-1", serviceType: "oven"));
        var notEscalated = await CreateAsync(Service("F-4", technicianId: "tech-1", serviceType: "fridge"));
        foreach (var call in new[] { match, otherTechnician, otherType })
        {
            await Store.AddAnswerAsync(call.Id, Rating("quality", 1, Start), escalates: true, None).WaitAsync(TestTimeouts.Default);
        }

        await Store.CancelAsync(notEscalated.Id, null, "x", None).WaitAsync(TestTimeouts.Default);
        await Store.CancelAsync(match.Id, null, "x", None).WaitAsync(TestTimeouts.Default);
        var filter = new SurveyResultFilter
        {
            TechnicianId = "tech-1",
            ServiceType = "fridge",
            Escalated = true,
            Outcomes = [SurveyOutcome.Cancelled, SurveyOutcome.Completed],
            UpdatedFrom = Start,
            UpdatedTo = Start.AddSeconds(1),
        };

        // Act
        var listed = await Store.ListAsync(filter, null, 10, None).WaitAsync(TestTimeouts.Default);
        var notEscalatedListed = await Store.ListAsync(filter with { Escalated = false }, null, 10, None).WaitAsync(TestTimeouts.Default);
        var pendingOnly = await Store.ListAsync(
            new SurveyResultFilter { Outcomes = [SurveyOutcome.None] }, null, 10, None).WaitAsync(TestTimeouts.Default);
        var beforeStart = await Store.ListAsync(
            new SurveyResultFilter { UpdatedTo = Start }, null, 10, None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal([match.Id], listed.Select(call => call.Id));
        Assert.Equal([notEscalated.Id], notEscalatedListed.Select(call => call.Id));
        Assert.Equal([otherType.Id, otherTechnician.Id], pendingOnly.Select(call => call.Id));
        Assert.Empty(beforeStart);
    }

    [Fact]
    public async Task ListAsync_PagesEveryEarlierResultExactlyOnce_WhenResultsAreInsertedWhilePaging()
    {
        // Arrange: 120 results, some sharing an update time (so the id breaks ties).
        var existing = new List<long>();
        for (var i = 0; i < 120; i++)
        {
            if (i % 3 == 0)
            {
                Time.Advance(TimeSpan.FromSeconds(1));
            }

            existing.Add((await CreateAsync(Service($"P-{i}"))).Id);
        }

        var store = Store;
        using var stop = new CancellationTokenSource();
        var inserted = 0;

        // The inserts begin once the first page is read: one committed before it would be the newest result, rightly
        // on the first page (no cursor yet), and the assertion is about the pages after a cursor.
        var firstPageRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstInsert = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inserter = Task.Run(async () =>
        {
            await firstPageRead.Task.WaitAsync(TestTimeouts.Default);
            while (!stop.IsCancellationRequested)
            {
                await store.CreateAsync(Service($"N-{Interlocked.Increment(ref inserted)}"), None);
                firstInsert.TrySetResult();
            }
        });

        // Act
        var seen = new List<long>();
        SurveyResultCursor? cursor = null;
        while (true)
        {
            var page = await store.ListAsync(new SurveyResultFilter(), cursor, 7, None).WaitAsync(TestTimeouts.Default);
            if (page.Count == 0)
            {
                break;
            }

            seen.AddRange(page.Select(call => call.Id));
            cursor = new SurveyResultCursor(page[^1].UpdatedAt, page[^1].Id);
            if (firstPageRead.TrySetResult())
            {
                await firstInsert.Task.WaitAsync(TestTimeouts.Default);
            }

            Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        await stop.CancelAsync();
        await inserter.WaitAsync(TestTimeouts.Default);

        // Assert: the later inserts are newer than any cursor, so they never show up on later pages.
        Assert.True(inserted > 0);
        existing.Reverse();
        Assert.Equal(existing, seen);
    }

    [Fact]
    public async Task GetManyAsync_LoadsAnswersAndCallIdsOfEach_WhenSeveralAreAsked()
    {
        // Arrange
        var first = await CreateAsync(Service("G-1"));
        var second = await CreateAsync(Service("G-2"));
        var plain = await CreateAsync(Service("G-3"));
        await Store.ClaimAttemptAsync(first.Id, 1, "host-a", None).WaitAsync(TestTimeouts.Default);
        var busy = await CallRecordAsync(Records, "g1-a1", Start);
        await Store.EndAttemptAsync(Retry(first.Id, 1, AttemptOutcome.Busy, Start, Start.AddHours(1), busy), None).WaitAsync(TestTimeouts.Default);
        await Store.ClaimAttemptAsync(first.Id, 2, "host-a", None).WaitAsync(TestTimeouts.Default);
        var answeredAt = Start.AddHours(1).AddSeconds(30);
        await Store.AddAnswerAsync(first.Id, Rating("quality", 2, answeredAt, 2), escalates: false, None).WaitAsync(TestTimeouts.Default);
        var completed = await CallRecordAsync(Records, "g1-a2", Start.AddHours(1));
        await Store.EndAttemptAsync(Finish(first.Id, 2, Start.AddHours(1).AddMinutes(2), completed), None).WaitAsync(TestTimeouts.Default);
        await Store.ClaimAttemptAsync(second.Id, 1, "host-a", None).WaitAsync(TestTimeouts.Default);
        await Store.EndAttemptAsync(
            Retry(second.Id, 1, AttemptOutcome.Failed, Start, Start.AddHours(1)), None).WaitAsync(TestTimeouts.Default);

        // Act
        var calls = await Store.GetManyAsync([plain.Id, first.Id, second.Id, 999], None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal([first.Id, second.Id, plain.Id], calls.Select(call => call.Id));
        Assert.Equal([busy, completed], calls[0].CallIds);
        Assert.Equal([Rating("quality", 2, answeredAt, 2)], calls[0].Answers);
        Assert.Empty(calls[1].CallIds);
        Assert.Empty(calls[2].Answers);
        Assert.Empty(await Store.GetManyAsync([], None).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task ListOpenAttemptsAsync_ReturnsOnlyOpenAttemptsClaimedBefore_WhenRecoveryLooks()
    {
        // Arrange
        var old = await CreateAsync(Service("O-1"));
        var ended = await CreateAsync(Service("O-2"));
        var recent = await CreateAsync(Service("O-3"));
        await Store.ClaimAttemptAsync(old.Id, 1, "host-dead", None).WaitAsync(TestTimeouts.Default);
        await Store.ClaimAttemptAsync(ended.Id, 1, "host-a", None).WaitAsync(TestTimeouts.Default);
        await Store.EndAttemptAsync(Finish(ended.Id, 1, Start), None).WaitAsync(TestTimeouts.Default);
        Time.Advance(TimeSpan.FromMinutes(10));
        await Store.ClaimAttemptAsync(recent.Id, 1, "host-a", None).WaitAsync(TestTimeouts.Default);

        // Act
        var open = await Store.ListOpenAttemptsAsync(Start.AddMinutes(5), None).WaitAsync(TestTimeouts.Default);
        var all = await Store.ListOpenAttemptsAsync(Start.AddHours(1), None).WaitAsync(TestTimeouts.Default);

        // Assert
        var claim = Assert.Single(open);
        Assert.Equal((old.Id, 1, "host-dead", Start), (claim.Call.Id, claim.Attempt, claim.ClaimedBy, claim.ClaimedAt));
        Assert.Equal(HappyCallState.InProgress, claim.Call.State);
        Assert.Equal([old.Id, recent.Id], all.Select(c => c.Call.Id));
    }

    [Fact]
    public async Task ListUnscheduledAsync_ReturnsDuePendingCallsWithoutJob_WhenSweeping()
    {
        // Arrange
        var dueNoJob = await CreateAsync(Service("U-1", dueAt: Start.AddMinutes(1)));
        var dueWithJob = await CreateAsync(Service("U-2", dueAt: Start.AddMinutes(1)));
        var later = await CreateAsync(Service("U-3", dueAt: Start.AddDays(2)));
        var retried = await CreateAsync(Service("U-4", dueAt: Start));
        var cancelled = await CreateAsync(Service("U-5", dueAt: Start));
        await Store.SetJobAsync(dueWithJob.Id, "job-2", None).WaitAsync(TestTimeouts.Default);
        await Store.SetJobAsync(retried.Id, "job-4", None).WaitAsync(TestTimeouts.Default);
        await Store.ClaimAttemptAsync(retried.Id, 1, "host-a", None).WaitAsync(TestTimeouts.Default);
        await Store.EndAttemptAsync(
            Retry(retried.Id, 1, AttemptOutcome.NoAnswer, Start, Start.AddSeconds(30)), None).WaitAsync(TestTimeouts.Default);
        await Store.CancelAsync(cancelled.Id, null, "x", None).WaitAsync(TestTimeouts.Default);

        // Act
        var unscheduled = await Store.ListUnscheduledAsync(Start.AddHours(1), 10, None).WaitAsync(TestTimeouts.Default);
        var limited = await Store.ListUnscheduledAsync(Start.AddHours(1), 1, None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal([retried.Id, dueNoJob.Id], unscheduled.Select(call => call.Id));
        Assert.Equal([retried.Id], limited.Select(call => call.Id));
        Assert.DoesNotContain(later.Id, unscheduled.Select(call => call.Id));
    }

    [Fact]
    public async Task FindOpenSurveyForPhoneAsync_ReturnsNewestPendingCall_WhenCustomerCallsIn()
    {
        // Arrange
        const string phone = "+989127654321";
        var older = await CreateAsync(Service("C-1", phone: phone));
        Time.Advance(TimeSpan.FromHours(1));
        var unfinished = await CreateAsync(Service("C-2", phone: phone));
        await Store.ClaimAttemptAsync(unfinished.Id, 1, "host-a", None).WaitAsync(TestTimeouts.Default);
        await Store.EndAttemptAsync(
            Retry(unfinished.Id, 1, AttemptOutcome.Unfinished, Start, Start.AddDays(1)) with { IsCompletionRetry = true }, None)
            .WaitAsync(TestTimeouts.Default);
        Time.Advance(TimeSpan.FromHours(1));
        var finished = await CreateAsync(Service("C-3", phone: phone));
        await Store.ClaimAttemptAsync(finished.Id, 1, "host-a", None).WaitAsync(TestTimeouts.Default);
        await Store.EndAttemptAsync(Finish(finished.Id, 1, Start), None).WaitAsync(TestTimeouts.Default);
        await CreateAsync(Service("C-4", phone: "+989120000000"));

        // Act
        var found = await Store.FindOpenSurveyForPhoneAsync(phone, None).WaitAsync(TestTimeouts.Default);
        await Store.CancelAsync(unfinished.Id, null, "x", None).WaitAsync(TestTimeouts.Default);
        var afterCancel = await Store.FindOpenSurveyForPhoneAsync(phone, None).WaitAsync(TestTimeouts.Default);
        var unknown = await Store.FindOpenSurveyForPhoneAsync("+14155550100", None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(unfinished.Id, found!.Id);
        Assert.Equal(1, found.CompletionRetries);
        Assert.Equal(older.Id, afterCancel!.Id);
        Assert.Null(unknown);
    }

    private async Task<HappyCall> CreateAsync(NewHappyCall service)
        => (await Store.CreateAsync(service, None).WaitAsync(TestTimeouts.Default)).Call;
}
