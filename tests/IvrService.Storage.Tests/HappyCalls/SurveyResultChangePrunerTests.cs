using IvrService.Storage.HappyCalls;
using IvrService.Storage.Internal;
using IvrService.Testing;
using Npgsql;
using static IvrService.Storage.Tests.HappyCalls.HappyCallSamples;

namespace IvrService.Storage.Tests.HappyCalls;

/// <summary>Retention of the change table on a real database: what a batch deletes, what it keeps, and with whom it runs.</summary>
public sealed class SurveyResultChangePrunerTests(PostgresFixture postgres) : FreshDatabaseTest(postgres)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private NpgsqlHappyCallStore Store => new(Database, Time);

    private NpgsqlSurveyResultChangePruner Pruner => new(Database);

    [Fact]
    public async Task PruneAsync_DeletesOldChangesInBatchesAndKeepsRecentOnes_WhenChangesSpanTheCutOff()
    {
        // Arrange: seven changes at the start, three two days later; the cut-off falls between them.
        var old = await CreateChangesAsync("old", 7);
        Time.Advance(TimeSpan.FromDays(2));
        var recent = await CreateChangesAsync("recent", 3);
        var cutOff = Start.AddDays(1);

        // Act
        var batches = new List<int?>();
        for (var i = 0; i < 5; i++)
        {
            batches.Add(await Pruner.PruneAsync(cutOff, 3, None).WaitAsync(TestTimeouts.Default));
        }

        // Assert
        Assert.Equal([3, 3, 1, 0, 0], batches);
        Assert.Equal(recent, await PositionsAsync());
        Assert.Equal(old[^1], await Store.GetPrunedThroughAsync(None).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task PruneAsync_KeepsTheNewestChange_WhenEveryChangeIsOlderThanTheCutOff()
    {
        // Arrange
        var changes = await CreateChangesAsync("all-old", 4);
        Time.Advance(TimeSpan.FromDays(90));

        // Act
        var first = await Pruner.PruneAsync(Time.GetUtcNow(), 100, None).WaitAsync(TestTimeouts.Default);
        var second = await Pruner.PruneAsync(Time.GetUtcNow(), 100, None).WaitAsync(TestTimeouts.Default);

        // Assert: the stream's head stays known.
        Assert.Equal((3, 0), (first, second));
        Assert.Equal([changes[^1]], await PositionsAsync());
        Assert.Equal(changes[^1], await Store.GetLatestChangePositionAsync(None).WaitAsync(TestTimeouts.Default));
        Assert.Equal(changes[^2], await Store.GetPrunedThroughAsync(None).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task PruneAsync_DeletesNothing_WhenNoChangeIsStored()
    {
        var deleted = await Pruner.PruneAsync(Start.AddYears(1), 10, None).WaitAsync(TestTimeouts.Default);

        Assert.Equal(0, deleted);
        Assert.Equal(0L, await Store.GetPrunedThroughAsync(None).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task PruneAsync_DeletesEveryOldChangeExactlyOnce_WhenTwoPrunersRunAtOnce()
    {
        // Arrange: 300 old changes (appended as the store does, in one go) and two recent ones.
        var call = await CreateChangesAsync("shared", 1);
        await AppendChangesAsync(await HappyCallIdAsync(call[0]), Start, 299);
        var lastOld = await Store.GetLatestChangePositionAsync(None).WaitAsync(TestTimeouts.Default);
        Time.Advance(TimeSpan.FromDays(2));
        var recent = await CreateChangesAsync("late", 2);
        var cutOff = Start.AddDays(1);
        var first = new NpgsqlSurveyResultChangePruner(Database);
        var second = new NpgsqlSurveyResultChangePruner(Database);

        // Act: each pruner goes on until it is told nothing older is left; one told "busy" tries again.
        var counts = await Task.WhenAll(
            Task.Run(() => DrainAsync(first, cutOff)),
            Task.Run(() => DrainAsync(second, cutOff))).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(300, counts[0].Deleted + counts[1].Deleted);
        Assert.Equal(recent, await PositionsAsync());
        Assert.Equal(lastOld, await Store.GetPrunedThroughAsync(None).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task PruneAsync_Completes_WhileAWriterHoldsTheChangeOrderLock()
    {
        // Arrange: a writer in the middle of drawing a position holds the change-order lock (as append_survey_result_change
        // does until its transaction ends).
        await CreateChangesAsync("before", 3);
        Time.Advance(TimeSpan.FromDays(2));
        await using var writer = await Database.DataSource.OpenConnectionAsync().AsTask().WaitAsync(TestTimeouts.Default);
        await using var transaction = await writer.BeginTransactionAsync().AsTask().WaitAsync(TestTimeouts.Default);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(20677906698232680)", writer, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync().WaitAsync(TestTimeouts.Default);
        }

        // Act
        var deleted = await Pruner.PruneAsync(Time.GetUtcNow(), 100, None).WaitAsync(TestTimeouts.Default);
        await transaction.RollbackAsync().WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(2, deleted);
    }

    [Fact]
    public async Task ReadChangesAsync_FailsNamingThePrunedPosition_WhenChangesAfterTheCursorWereDeleted()
    {
        // Arrange
        var changes = await CreateChangesAsync("read", 5);
        Time.Advance(TimeSpan.FromDays(2));
        await Pruner.PruneAsync(Start.AddHours(1), 2, None).WaitAsync(TestTimeouts.Default);

        // Act
        var error = await Assert.ThrowsAsync<SurveyResultChangesPrunedException>(
            () => Store.ReadChangesAsync(changes[0], 10, None).WaitAsync(TestTimeouts.Default));
        var kept = await Store.ReadChangesAsync(changes[1], 10, None).WaitAsync(TestTimeouts.Default);

        // Assert: a reader at the mark misses nothing; one below it is told.
        Assert.Equal((changes[0], changes[1]), (error.AfterPosition, error.PrunedThrough));
        Assert.Equal(changes.Skip(2), kept.Select(change => change.Position));
    }

    private static async Task<(int Deleted, int Busy)> DrainAsync(NpgsqlSurveyResultChangePruner pruner, DateTimeOffset cutOff)
    {
        const int Limit = 7;
        var deleted = 0;
        var busy = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var count = await pruner.PruneAsync(cutOff, Limit, None).ConfigureAwait(false);
            if (count is null)
            {
                busy++;
                continue;
            }

            deleted += count.Value;
            if (count < Limit)
            {
                return (deleted, busy);
            }
        }

        throw new InvalidOperationException("The pruner never reported that nothing older is left.");
    }

    /// <summary>Creates one happy call per change, each appending its "created" change at the fake clock's time.</summary>
    private async Task<List<long>> CreateChangesAsync(string prefix, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Store.CreateAsync(Service($"{prefix}-{i}"), None).WaitAsync(TestTimeouts.Default);
        }

        return (await PositionsAsync())[^count..];
    }

    private async Task<List<long>> PositionsAsync()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync().AsTask().WaitAsync(TestTimeouts.Default);
        await using var command = new NpgsqlCommand("SELECT position FROM survey_result_changes ORDER BY position", connection);
        await using var reader = await command.ExecuteReaderAsync().WaitAsync(TestTimeouts.Default);
        var positions = new List<long>();
        while (await reader.ReadAsync().WaitAsync(TestTimeouts.Default))
        {
            positions.Add(reader.GetInt64(0));
        }

        return positions;
    }

    private async Task<long> HappyCallIdAsync(long position)
        => await Sql.ScalarAsync<long>(ConnectionString, "SELECT happy_call_id FROM survey_result_changes WHERE position = $1", position)
            .WaitAsync(TestTimeouts.Default);

    private Task AppendChangesAsync(long happyCallId, DateTimeOffset at, int count)
        => Sql.ScalarAsync<long>(
            ConnectionString, "SELECT count(append_survey_result_change($1, false, $2)) FROM generate_series(1, $3)",
            happyCallId, at.ToUniversalTime(), count).WaitAsync(TestTimeouts.Default);
}
