using System.Transactions;
using IvrService.Storage.HappyCalls;
using IvrService.Storage.Internal;
using IvrService.Testing;
using Npgsql;
using static IvrService.Storage.Tests.HappyCalls.HappyCallSamples;

namespace IvrService.Storage.Tests.HappyCalls;

public sealed class SurveyResultChangeTests : FreshDatabaseTest
{
    private const int Writers = 8;
    private const int ChangesPerWriter = 50;
    private static readonly CancellationToken None = CancellationToken.None;

    public SurveyResultChangeTests(PostgresFixture postgres)
        : base(postgres)
    {
    }

    private NpgsqlHappyCallStore Store => new(Database, Time);

    [Fact]
    public async Task ReadChangesAsync_ReturnsOneChangePerResultWriteInOrder_WhenCallGoesThroughItsLife()
    {
        // Arrange
        var (call, _) = await Store.CreateAsync(Service("R-1"), None).WaitAsync(TestTimeouts.Default);
        await Store.SetJobAsync(call.Id, "job-1", None).WaitAsync(TestTimeouts.Default);
        await Store.ClaimAttemptAsync(call.Id, 1, "host-a", None).WaitAsync(TestTimeouts.Default);
        await Store.SetSurveyVersionAsync(call.Id, 1, None).WaitAsync(TestTimeouts.Default);
        await Store.AddAnswerAsync(call.Id, Rating("quality", 5, Start), escalates: false, None).WaitAsync(TestTimeouts.Default);
        await Store.SetCommentAsync(call.Id, "c.wav", None).WaitAsync(TestTimeouts.Default);
        await Store.EndAttemptAsync(Finish(call.Id, 1, Start), None).WaitAsync(TestTimeouts.Default);

        // Act
        var all = await Store.ReadChangesAsync(0, 100, None).WaitAsync(TestTimeouts.Default);
        var afterSecond = await Store.ReadChangesAsync(all[1].Position, 2, None).WaitAsync(TestTimeouts.Default);

        // Assert: create, claim, answer, comment, end; the job and the survey version are not result changes.
        Assert.Equal([true, false, false, false, false], all.Select(change => change.Created));
        Assert.All(all, change => Assert.Equal(call.Id, change.HappyCallId));
        Assert.Equal(all.Select(change => change.Position).Order(), all.Select(change => change.Position));
        Assert.Equal(all.Count, all.Select(change => change.Position).Distinct().Count());
        Assert.Equal(all.Skip(2).Take(2), afterSecond);
        Assert.Equal(all[^1].Position, await Store.GetLatestChangePositionAsync(None).WaitAsync(TestTimeouts.Default));
        Assert.Equal(0L, await Store.GetPrunedThroughAsync(None).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task GetChangePositions_ReturnZero_WhenNoChangeIsStored()
    {
        Assert.Equal(0L, await Store.GetLatestChangePositionAsync(None).WaitAsync(TestTimeouts.Default));
        Assert.Equal(0L, await Store.GetPrunedThroughAsync(None).WaitAsync(TestTimeouts.Default));
        Assert.Empty(await Store.ReadChangesAsync(0, 10, None).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task ReadChangesAsync_ShowsEveryChangeOnceInOrder_WhenReaderTailsConcurrentWriters()
    {
        // Arrange: each writer's transaction goes on after its store write (as the scheduler's does while it
        // creates the Hangfire job), so without ordered positions a later position would commit first.
        var store = Store;
        var dataSource = Database.DataSource;
        var writersDone = 0;
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            try
            {
                var (call, _) = await store.CreateAsync(Service($"W-{writer}"), None);
                var random = new Random(writer);
                for (var i = 0; i < ChangesPerWriter; i++)
                {
                    using var scope = StorageTransaction.Begin();
                    await store.AddAnswerAsync(call.Id, Rating($"q{i}", 1 + (i % 5), Start.AddSeconds(i)), escalates: false, None);
                    await using (var connection = await dataSource.OpenConnectionAsync(None))
                    {
                        await using var pause = new NpgsqlCommand("SELECT pg_sleep($1)", connection);
                        pause.Parameters.Add(new() { Value = random.Next(0, 4) / 1000.0 });
                        await pause.ExecuteNonQueryAsync(None);
                    }

                    scope.Complete();
                }
            }
            finally
            {
                Interlocked.Increment(ref writersDone);
            }
        })).ToArray();

        // Act: tail after the last position seen, as a stream client does.
        var seen = new List<long>();
        var last = 0L;
        var finalRead = false;
        while (true)
        {
            var done = Volatile.Read(ref writersDone) == Writers;
            var changes = await store.ReadChangesAsync(last, 1000, None).WaitAsync(TestTimeouts.Default);
            foreach (var change in changes)
            {
                Assert.True(change.Position > last, $"position {change.Position} after {last}");
                seen.Add(change.Position);
                last = change.Position;
            }

            if (done && changes.Count == 0)
            {
                if (finalRead)
                {
                    break;
                }

                finalRead = true;
            }
        }

        await Task.WhenAll(writers).WaitAsync(TestTimeouts.Default);

        // Assert: a change that became visible below the reader's cursor would be missing here.
        var stored = await store.ReadChangesAsync(0, 1000, None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(Writers * (ChangesPerWriter + 1), stored.Count);
        Assert.Equal(stored.Select(change => change.Position), seen);
    }

    [Fact]
    public async Task AppendChange_LeavesNoPosition_WhenTransactionRollsBack()
    {
        // Arrange
        var (call, _) = await Store.CreateAsync(Service("R-2"), None).WaitAsync(TestTimeouts.Default);

        // Act
        using (StorageTransaction.Begin())
        {
            await Store.AddAnswerAsync(call.Id, Rating("quality", 1, Start), escalates: true, None).WaitAsync(TestTimeouts.Default);
        }

        await Store.AddAnswerAsync(call.Id, Rating("quality", 4, Start), escalates: false, None).WaitAsync(TestTimeouts.Default);

        // Assert: the rolled-back position is a hole readers skip; the next one is above it.
        var changes = await Store.ReadChangesAsync(0, 10, None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(2, changes.Count);
        Assert.True(changes[1].Position > changes[0].Position + 1);
        Assert.False((await Store.GetAsync(call.Id, None).WaitAsync(TestTimeouts.Default))!.Escalated);
    }
}
