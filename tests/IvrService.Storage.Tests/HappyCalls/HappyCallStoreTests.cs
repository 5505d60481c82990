using IvrService.Storage.HappyCalls;
using IvrService.Storage.Internal;
using IvrService.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using static IvrService.Storage.Tests.HappyCalls.HappyCallSamples;

namespace IvrService.Storage.Tests.HappyCalls;

public sealed class HappyCallStoreTests : FreshDatabaseTest
{
    private static readonly CancellationToken None = CancellationToken.None;

    public HappyCallStoreTests(PostgresFixture postgres)
        : base(postgres)
    {
    }

    private NpgsqlHappyCallStore Store => new(Database, Time);

    private NpgsqlCallRecordStore Records => new(Database, Time, NullLogger<NpgsqlCallRecordStore>.Instance);

    [Fact]
    public async Task CreateAsync_StoresPendingCallDueAtDueTime_WhenServiceIsNew()
    {
        // Arrange
        var service = Service("S-1001");

        // Act
        var (call, created) = await Store.CreateAsync(service, None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.True(created);
        var expected = new HappyCall(call.Id, "S-1001", "customer-S-1001", "+989121234567", "مریم احمدی", "fa", "tech-7", "Reza",
            "washing_machine", CompletedAt, "Asia/Tehran", "after-service", 0, HappyCallState.Pending, SurveyOutcome.None, 0, 0,
            service.DueAt, false, false, null, Start, Start);
        Assert.Equal(expected, call with { Answers = expected.Answers, CallIds = expected.CallIds });
        Assert.Empty(call.Answers);
        Assert.Empty(call.CallIds);
        var stored = await Store.GetAsync(call.Id, None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(expected, stored! with { Answers = expected.Answers, CallIds = expected.CallIds });
        var changes = await Store.ReadChangesAsync(0, 100, None).WaitAsync(TestTimeouts.Default);
        Assert.Equal([new SurveyResultChange(changes[0].Position, call.Id, true, Start)], changes);
    }

    [Fact]
    public async Task CreateAsync_ReturnsStoredCallAndWritesNothing_WhenServiceIsReportedAgain()
    {
        // Arrange
        var (first, _) = await Store.CreateAsync(Service("S-1002"), None).WaitAsync(TestTimeouts.Default);
        Time.Advance(TimeSpan.FromMinutes(5));

        // Act: a repeat with other details changes nothing.
        var (again, created) = await Store.CreateAsync(Service("S-1002", phone: "+989350000000") with { DueAt = Start.AddDays(3) }, None)
            .WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.False(created);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal("+989121234567", again.Phone);
        Assert.Equal(first.NextAttemptAt, again.NextAttemptAt);
        Assert.Equal(first.UpdatedAt, again.UpdatedAt);
        Assert.Single(await Store.ReadChangesAsync(0, 100, None).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task CreateAsync_StoresOneRowAndCreatesOnce_WhenSameServiceIsReportedConcurrently()
    {
        // Arrange
        var store = Store;
        var service = Service("S-1003");

        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => store.CreateAsync(service, None))))
            .WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Single(results, result => result.Created);
        Assert.Single(results.Select(result => result.Call.Id).Distinct());
        Assert.Equal(1L, await Sql.ScalarAsync<long>(ConnectionString, "SELECT count(*) FROM happy_calls").WaitAsync(TestTimeouts.Default));
        Assert.Single(await Store.ReadChangesAsync(0, 100, None).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task CreateAsync_ThrowsNamingField_WhenPhoneIsEmpty()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => Store.CreateAsync(Service("S-1004", phone: ""), None)).WaitAsync(TestTimeouts.Default);

        Assert.Contains("Phone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClaimAttemptAsync_MarksInProgressAndInsertsAttempt_WhenCallIsPending()
    {
        // Arrange
        var (call, _) = await Store.CreateAsync(Service("S-2001"), None).WaitAsync(TestTimeouts.Default);
        Time.Advance(TimeSpan.FromHours(2));

        // Act
        var claim = await Store.ClaimAttemptAsync(call.Id, 1, "host-a", None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.NotNull(claim);
        Assert.Equal(1, claim.Attempt);
        Assert.Equal("host-a", claim.ClaimedBy);
        Assert.Equal(Time.GetUtcNow(), claim.ClaimedAt);
        Assert.Equal(HappyCallState.InProgress, claim.Call.State);
        Assert.Equal(1, claim.Call.Attempts);
        Assert.Equal(Time.GetUtcNow(), claim.Call.UpdatedAt);
        Assert.Equal(1L, await Sql.ScalarAsync<long>(
            ConnectionString, "SELECT count(*) FROM happy_call_attempts WHERE happy_call_id = $1 AND ended_at IS NULL", call.Id)
            .WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task ClaimAttemptAsync_LetsExactlyOneClaimerWin_WhenSameAttemptIsClaimedConcurrently()
    {
        for (var round = 0; round < 5; round++)
        {
            // Arrange
            var (call, _) = await Store.CreateAsync(Service($"S-2002-{round}"), None).WaitAsync(TestTimeouts.Default);
            var store = Store;

            // Act: as when Hangfire runs one job on two servers at once.
            var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(
                    i => Task.Run(() => store.ClaimAttemptAsync(call.Id, 1, $"host-{i}", None))))
                .WaitAsync(TestTimeouts.Default);

            // Assert
            var winner = Assert.Single(claims, claim => claim is not null);
            var stored = await Store.GetAsync(call.Id, None).WaitAsync(TestTimeouts.Default);
            Assert.Equal(1, stored!.Attempts);
            Assert.Equal(winner!.ClaimedBy, await Sql.ScalarAsync<string>(
                ConnectionString, "SELECT claimed_by FROM happy_call_attempts WHERE happy_call_id = $1", call.Id)
                .WaitAsync(TestTimeouts.Default));
        }
    }

    [Fact]
    public async Task ClaimAttemptAsync_ReturnsNull_WhenAttemptIsNotTheNextOne()
    {
        // Arrange
        var (call, _) = await Store.CreateAsync(Service("S-2003"), None).WaitAsync(TestTimeouts.Default);

        // Act
        var skipped = await Store.ClaimAttemptAsync(call.Id, 2, "host-a", None).WaitAsync(TestTimeouts.Default);
        var first = await Store.ClaimAttemptAsync(call.Id, 1, "host-a", None).WaitAsync(TestTimeouts.Default);
        var again = await Store.ClaimAttemptAsync(call.Id, 1, "host-b", None).WaitAsync(TestTimeouts.Default);
        var unknown = await Store.ClaimAttemptAsync(call.Id + 1000, 1, "host-a", None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Null(skipped);
        Assert.NotNull(first);
        Assert.Null(again);
        Assert.Null(unknown);
    }

    [Fact]
    public async Task EndAttemptAsync_SchedulesRetryAndClearsJob_WhenAttemptWasBusy()
    {
        // Arrange
        var (call, _) = await Store.CreateAsync(Service("S-3001"), None).WaitAsync(TestTimeouts.Default);
        await Store.SetJobAsync(call.Id, "job-1", None).WaitAsync(TestTimeouts.Default);
        await Store.ClaimAttemptAsync(call.Id, 1, "host-a", None).WaitAsync(TestTimeouts.Default);
        var record = await CallRecordAsync(Records, "busy-1", Start);
        Time.Advance(TimeSpan.FromSeconds(20));
        var nextAt = Start.AddMinutes(30);

        // Act
        var ended = await Store.EndAttemptAsync(Retry(call.Id, 1, AttemptOutcome.Busy, Time.GetUtcNow(), nextAt, record), None)
            .WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(HappyCallState.Pending, ended);
        var stored = await Store.GetAsync(call.Id, None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(HappyCallState.Pending, stored!.State);
        Assert.Equal(SurveyOutcome.None, stored.Outcome);
        Assert.Equal(nextAt, stored.NextAttemptAt);
        Assert.Null(stored.JobId);
        Assert.Equal(1, stored.Attempts);
        Assert.Equal([record], stored.CallIds);
        Assert.Equal("busy", await Sql.ScalarAsync<string>(
            ConnectionString, "SELECT outcome FROM happy_call_attempts WHERE happy_call_id = $1 AND attempt = 1", call.Id)
            .WaitAsync(TestTimeouts.Default));
        Assert.NotNull(await Store.ClaimAttemptAsync(call.Id, 2, "host-b", None).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task EndAttemptAsync_StoresTimeCallBecameFinal_WhenAttemptMakesItFinal()
    {
        // Arrange: a first attempt ends in a retry, the second is answered and completes the survey.
        var (call, _) = await Store.CreateAsync(Service("S-3003"), None).WaitAsync(TestTimeouts.Default);
        await Store.ClaimAttemptAsync(call.Id, 1, "host-a", None).WaitAsync(TestTimeouts.Default);
        Time.Advance(TimeSpan.FromMinutes(1));
        await Store.EndAttemptAsync(Retry(call.Id, 1, AttemptOutcome.Busy, Time.GetUtcNow(), Start.AddHours(1)), None)
            .WaitAsync(TestTimeouts.Default);
        var afterRetry = await Sql.ScalarAsync<DateTime?>(ConnectionString, "SELECT final_at FROM happy_calls WHERE id = $1", call.Id)
            .WaitAsync(TestTimeouts.Default);
        Time.Advance(TimeSpan.FromHours(1));
        await Store.ClaimAttemptAsync(call.Id, 2, "host-b", None).WaitAsync(TestTimeouts.Default);
        Time.Advance(TimeSpan.FromMinutes(2));
        var endedAt = Start.AddHours(1).AddMinutes(2).AddSeconds(30);

        // Act
        var ended = await Store.EndAttemptAsync(Finish(call.Id, 2, endedAt), None).WaitAsync(TestTimeouts.Default);

        // Assert: a retry leaves the call without it; the final attempt's end is the time, as the report works it out.
        Assert.Equal(HappyCallState.Finished, ended);
        Assert.Null(afterRetry);
        var stored = await Sql.ScalarAsync<string>(
            ConnectionString,
            "SELECT to_char(final_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' ' || (final_at = happy_call_final_at(id, updated_at)) FROM happy_calls WHERE id = $1",
            call.Id).WaitAsync(TestTimeouts.Default);
        Assert.Equal("2025-03-01 10:32:30 true", stored);
    }

    [Fact]
    public async Task EndAttemptAsync_RecordsNextJob_WhenRetryComesWithItsJob()
    {
        // Arrange
        var (call, _) = await Store.CreateAsync(Service("S-3011"), None).WaitAsync(TestTimeouts.Default);
        await Store.SetJobAsync(call.Id, "job-1", None).WaitAsync(TestTimeouts.Default);
        await Store.ClaimAttemptAsync(call.Id, 1, "host-a", None).WaitAsync(TestTimeouts.Default);
        var retry = Retry(call.Id, 1, AttemptOutcome.NoAnswer, Start.AddMinutes(1), Start.AddHours(1)) with { NextJobId = "job-2" };

        // Act
        var ended = await Store.EndAttemptAsync(retry, None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(HappyCallState.Pending, ended);
        var stored = await Store.GetAsync(call.Id, None).WaitAsync(TestTimeouts.Default);
        Assert.Equal("job-2", stored!.JobId);
        Assert.Equal(Start.AddHours(1), stored.NextAttemptAt);
    }

    [Fact]
    public async Task EndAttemptAsync_ReturnsNullAndWritesNothing_WhenAttemptWasEndedBefore()
    {
        // Arrange
        var (call, _) = await Store.CreateAsync(Service("S-3002"), None).WaitAsync(TestTimeouts.Default);
        await Store.ClaimAttemptAsync(call.Id, 1, "host-a", None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(HappyCallState.Finished, await Store.EndAttemptAsync(Finish(call.Id, 1, Start.AddMinutes(3)), None).WaitAsync(TestTimeouts.Default));
        var latest = await Store.GetLatestChangePositionAsync(None).WaitAsync(TestTimeouts.Default);

        // Act
        var again = await Store.EndAttemptAsync(
            Retry(call.Id, 1, AttemptOutcome.Interrupted, Start.AddMinutes(9), Start.AddHours(1)), None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Null(again);
        var stored = await Store.GetAsync(call.Id, None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(HappyCallState.Finished, stored!.State);
        Assert.Equal(SurveyOutcome.Completed, stored.Outcome);
        Assert.Equal(3, stored.SurveyVersion);
        Assert.Equal(latest, await Store.GetLatestChangePositionAsync(None).WaitAsync(TestTimeouts.Default));
        Assert.Equal("completed", await Sql.ScalarAsync<string>(
            ConnectionString, "SELECT outcome FROM happy_call_attempts WHERE happy_call_id = $1", call.Id).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task EndAttemptAsync_EndsOnce_WhenEndedConcurrently()
    {
        // Arrange
        var (call, _) = await Store.CreateAsync(Service("S-3003"), None).WaitAsync(TestTimeouts.Default);
        await Store.ClaimAttemptAsync(call.Id, 1, "host-a", None).WaitAsync(TestTimeouts.Default);
        var store = Store;

        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(
                i => Task.Run(() => store.EndAttemptAsync(Finish(call.Id, 1, Start.AddMinutes(i)), None))))
            .WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Single(results, ended => ended is not null);
        Assert.Equal(2, (await Store.ReadChangesAsync(0, 100, None).WaitAsync(TestTimeouts.Default)).Count(c => !c.Created));
    }

    [Fact]
    public async Task EndAttemptAsync_CountsCompletionRetry_WhenSurveyWasUnfinished()
    {
        // Arrange
        var (call, _) = await Store.CreateAsync(Service("S-3004"), None).WaitAsync(TestTimeouts.Default);
        await Store.ClaimAttemptAsync(call.Id, 1, "host-a", None).WaitAsync(TestTimeouts.Default);

        // Act
        await Store.EndAttemptAsync(
            Retry(call.Id, 1, AttemptOutcome.Unfinished, Start.AddMinutes(2), Start.AddHours(1)) with { IsCompletionRetry = true, SurveyVersion = 2 },
            None).WaitAsync(TestTimeouts.Default);

        // Assert
        var stored = await Store.GetAsync(call.Id, None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(1, stored!.CompletionRetries);
        Assert.Equal(2, stored.SurveyVersion);
        Assert.Equal(HappyCallState.Pending, stored.State);
    }

    [Fact]
    public async Task EndAttemptAsync_Throws_WhenRetryHasNoDueTime()
    {
        var end = new AttemptEnd(1, 1, AttemptOutcome.Busy, 486, null, Start, HappyCallState.Pending, SurveyOutcome.None, null);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.EndAttemptAsync(end, None)).WaitAsync(TestTimeouts.Default);

        Assert.Contains("NextAttemptAt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAnswerAsync_ReplacesEarlierAnswerAndKeepsOrder_WhenQuestionIsAnsweredAgain()
    {
        // Arrange
        var (call, _) = await Store.CreateAsync(Service("S-4001"), None).WaitAsync(TestTimeouts.Default);
        var q1 = Rating("punctuality", 4, Start.AddMinutes(1));
        var q2 = new SurveyAnswerRecord("recommend", "score", 9, null, "9#", CallDigitMethod.SipInfo, Start.AddMinutes(2), 1);
        await Store.AddAnswerAsync(call.Id, q1, escalates: false, None).WaitAsync(TestTimeouts.Default);
        await Store.AddAnswerAsync(call.Id, q2, escalates: false, None).WaitAsync(TestTimeouts.Default);
        var q1Again = Rating("punctuality", 5, Start.AddHours(3), attempt: 2);
        var q3 = new SurveyAnswerRecord("channel", "choice", 2, "phone", "2", CallDigitMethod.InBand, Start.AddHours(3).AddSeconds(20), 2);

        // Act
        await Store.AddAnswerAsync(call.Id, q1Again, escalates: false, None).WaitAsync(TestTimeouts.Default);
        await Store.AddAnswerAsync(call.Id, q3, escalates: false, None).WaitAsync(TestTimeouts.Default);

        // Assert
        var stored = await Store.GetAsync(call.Id, None).WaitAsync(TestTimeouts.Default);
        Assert.Equal([q2, q1Again, q3], stored!.Answers);
        Assert.False(stored.Escalated);
        Assert.Equal(5, (await Store.ReadChangesAsync(0, 100, None).WaitAsync(TestTimeouts.Default)).Count);
    }

    [Fact]
    public async Task AddAnswerAsync_RaisesEscalationAndKeepsIt_WhenAnswerEscalates()
    {
        // Arrange
        var (call, _) = await Store.CreateAsync(Service("S-4002"), None).WaitAsync(TestTimeouts.Default);
        await Store.AddAnswerAsync(call.Id, Rating("quality", 4, Start), escalates: false, None).WaitAsync(TestTimeouts.Default);
        var before = await Store.GetAsync(call.Id, None).WaitAsync(TestTimeouts.Default);

        // Act
        Time.Advance(TimeSpan.FromSeconds(10));
        await Store.AddAnswerAsync(call.Id, Rating("punctuality", 1, Start.AddSeconds(10)), escalates: true, None).WaitAsync(TestTimeouts.Default);
        var escalated = await Store.GetAsync(call.Id, None).WaitAsync(TestTimeouts.Default);
        await Store.AddAnswerAsync(call.Id, Rating("politeness", 5, Start.AddSeconds(20)), escalates: false, None).WaitAsync(TestTimeouts.Default);
        var after = await Store.GetAsync(call.Id, None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.False(before!.Escalated);
        Assert.True(escalated!.Escalated);
        Assert.Equal(Time.GetUtcNow(), escalated.UpdatedAt);
        Assert.True(after!.Escalated);
    }

    [Fact]
    public async Task AddAnswerAsync_ThrowsAndStoresNothing_WhenHappyCallIsUnknown()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(
            () => Store.AddAnswerAsync(42, Rating("quality", 1, Start), escalates: true, None)).WaitAsync(TestTimeouts.Default);

        Assert.Equal(0L, await Sql.ScalarAsync<long>(ConnectionString, "SELECT count(*) FROM survey_answers").WaitAsync(TestTimeouts.Default));
        Assert.Equal(0L, await Store.GetLatestChangePositionAsync(None).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task SetCommentAsync_MarksCommentWithItsPath_WhenCustomerLeftOne()
    {
        // Arrange
        var (call, _) = await Store.CreateAsync(Service("S-4003"), None).WaitAsync(TestTimeouts.Default);

        // Act
        await Store.SetCommentAsync(call.Id, "recordings/2025/03/01/S-4003.wav", None).WaitAsync(TestTimeouts.Default);

        // Assert
        var stored = await Store.GetAsync(call.Id, None).WaitAsync(TestTimeouts.Default);
        Assert.True(stored!.HasComment);
        Assert.Equal("recordings/2025/03/01/S-4003.wav", stored.CommentPath);
        Assert.Equal(2, (await Store.ReadChangesAsync(0, 100, None).WaitAsync(TestTimeouts.Default)).Count);
    }

    [Fact]
    public async Task SetSurveyVersionAsync_StoresVersionWithoutChange_WhenCallIsAnswered()
    {
        // Arrange
        var (call, _) = await Store.CreateAsync(Service("S-4004"), None).WaitAsync(TestTimeouts.Default);
        var latest = await Store.GetLatestChangePositionAsync(None).WaitAsync(TestTimeouts.Default);

        // Act
        await Store.SetSurveyVersionAsync(call.Id, 7, None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(7, (await Store.GetAsync(call.Id, None).WaitAsync(TestTimeouts.Default))!.SurveyVersion);
        Assert.Equal(latest, await Store.GetLatestChangePositionAsync(None).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task CancelAsync_CancelsAndRefusesClaims_WhenCallIsPending()
    {
        // Arrange
        var (call, _) = await Store.CreateAsync(Service("S-5001"), None).WaitAsync(TestTimeouts.Default);

        // Act
        var outcome = await Store.CancelAsync(null, "S-5001", "customer asked", None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.NotNull(outcome);
        Assert.True(outcome.Cancelled);
        Assert.Equal(HappyCallState.Cancelled, outcome.Call.State);
        Assert.Equal(SurveyOutcome.Cancelled, outcome.Call.Outcome);
        Assert.Null(outcome.Call.NextAttemptAt);
        Assert.Equal("customer asked", await Sql.ScalarAsync<string>(
            ConnectionString, "SELECT cancel_reason FROM happy_calls WHERE id = $1", call.Id).WaitAsync(TestTimeouts.Default));
        Assert.Null(await Store.ClaimAttemptAsync(call.Id, 1, "host-a", None).WaitAsync(TestTimeouts.Default));
        Assert.Equal(2, (await Store.ReadChangesAsync(0, 100, None).WaitAsync(TestTimeouts.Default)).Count);
    }

    [Fact]
    public async Task CancelAsync_FlagsCallAndCancelsInsteadOfRetry_WhenAttemptIsInProgress()
    {
        // Arrange
        var (call, _) = await Store.CreateAsync(Service("S-5002"), None).WaitAsync(TestTimeouts.Default);
        await Store.ClaimAttemptAsync(call.Id, 1, "host-a", None).WaitAsync(TestTimeouts.Default);

        // Act
        var outcome = await Store.CancelAsync(call.Id, null, "duplicate service", None).WaitAsync(TestTimeouts.Default);
        var ended = await Store.EndAttemptAsync(
            Retry(call.Id, 1, AttemptOutcome.NoAnswer, Start.AddMinutes(1), Start.AddHours(1)), None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.NotNull(outcome);
        Assert.False(outcome.Cancelled);
        Assert.True(outcome.Call.CancelRequested);
        Assert.Equal(HappyCallState.InProgress, outcome.Call.State);
        Assert.Equal(HappyCallState.Cancelled, ended);
        var stored = await Store.GetAsync(call.Id, None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(HappyCallState.Cancelled, stored!.State);
        Assert.Equal(SurveyOutcome.Cancelled, stored.Outcome);
        Assert.Null(stored.NextAttemptAt);
        Assert.Null(await Store.ClaimAttemptAsync(call.Id, 2, "host-a", None).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task CancelAsync_KeepsFinalOutcome_WhenAttemptInProgressFinishesAfterCancel()
    {
        // Arrange
        var (call, _) = await Store.CreateAsync(Service("S-5003"), None).WaitAsync(TestTimeouts.Default);
        await Store.ClaimAttemptAsync(call.Id, 1, "host-a", None).WaitAsync(TestTimeouts.Default);
        await Store.CancelAsync(call.Id, null, "late", None).WaitAsync(TestTimeouts.Default);

        // Act
        await Store.EndAttemptAsync(Finish(call.Id, 1, Start.AddMinutes(4)), None).WaitAsync(TestTimeouts.Default);

        // Assert
        var stored = await Store.GetAsync(call.Id, None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(HappyCallState.Finished, stored!.State);
        Assert.Equal(SurveyOutcome.Completed, stored.Outcome);
    }

    [Fact]
    public async Task CancelAsync_ReturnsCallUnchanged_WhenCallIsFinishedOrAlreadyCancelled()
    {
        // Arrange
        var (finished, _) = await Store.CreateAsync(Service("S-5004"), None).WaitAsync(TestTimeouts.Default);
        await Store.ClaimAttemptAsync(finished.Id, 1, "host-a", None).WaitAsync(TestTimeouts.Default);
        await Store.EndAttemptAsync(Finish(finished.Id, 1, Start.AddMinutes(4)), None).WaitAsync(TestTimeouts.Default);
        var (cancelled, _) = await Store.CreateAsync(Service("S-5005"), None).WaitAsync(TestTimeouts.Default);
        await Store.CancelAsync(cancelled.Id, null, "first", None).WaitAsync(TestTimeouts.Default);
        var latest = await Store.GetLatestChangePositionAsync(None).WaitAsync(TestTimeouts.Default);
        Time.Advance(TimeSpan.FromMinutes(1));

        // Act
        var onFinished = await Store.CancelAsync(finished.Id, null, "too late", None).WaitAsync(TestTimeouts.Default);
        var onCancelled = await Store.CancelAsync(null, "S-5005", "again", None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.False(onFinished!.Cancelled);
        Assert.Equal(HappyCallState.Finished, onFinished.Call.State);
        Assert.False(onFinished.Call.CancelRequested);
        Assert.False(onCancelled!.Cancelled);
        Assert.Equal(HappyCallState.Cancelled, onCancelled.Call.State);
        Assert.Equal(Start, onCancelled.Call.UpdatedAt);
        Assert.Equal(latest, await Store.GetLatestChangePositionAsync(None).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task CancelAsync_ReturnsNull_WhenNoSuchCall()
    {
        var byId = await Store.CancelAsync(77, null, "x", None).WaitAsync(TestTimeouts.Default);
        var byService = await Store.CancelAsync(null, "S-none", "x", None).WaitAsync(TestTimeouts.Default);

        Assert.Null(byId);
        Assert.Null(byService);
    }
}
