using System.Diagnostics;
using IvrService.Storage.HappyCalls;
using IvrService.Storage.Internal;
using IvrService.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using static IvrService.Storage.Tests.HappyCalls.HappyCallSamples;

namespace IvrService.Storage.Tests.HappyCalls;

public sealed class SurveyResultSignalTests : FreshDatabaseTest
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan WakeBound = TimeSpan.FromMilliseconds(100);

    public SurveyResultSignalTests(PostgresFixture postgres)
        : base(postgres)
    {
    }

    private NpgsqlHappyCallStore Store => new(Database, Time);

    [Fact]
    public async Task WaitAsync_WakesWithin100Milliseconds_WhenChangeIsCommitted()
    {
        // Arrange
        await using var signal = NewSignal(Database);
        await signal.StartAsync(None).WaitAsync(TestTimeouts.Default);
        await WaitUntilListeningAsync(signal);
        var (call, _) = await Store.CreateAsync(Service("SIG-1"), None).WaitAsync(TestTimeouts.Default);

        for (var round = 0; round < 5; round++)
        {
            var waiter = signal.WaitAsync(TimeSpan.FromSeconds(30), None);

            // Act
            await Store.AddAnswerAsync(call.Id, Rating($"q{round}", 3, Start), escalates: false, None).WaitAsync(TestTimeouts.Default);
            var committed = Stopwatch.StartNew();
            await waiter.WaitAsync(TestTimeouts.Default);

            // Assert
            Assert.True(committed.Elapsed < WakeBound, $"woke {committed.Elapsed.TotalMilliseconds} ms after the commit");
        }
    }

    [Fact]
    public async Task WaitAsync_ReturnsAtTimeout_WhenNothingChanges()
    {
        // Arrange
        await using var signal = NewSignal(Database);
        await WaitUntilListeningAsync(signal);
        var waited = Stopwatch.StartNew();

        // Act
        await signal.WaitAsync(TimeSpan.FromMilliseconds(200), None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.True(waited.Elapsed >= TimeSpan.FromMilliseconds(190), $"returned after {waited.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task WaitAsync_StillWakes_WhenListenConnectionWasKilled()
    {
        // Arrange
        await using var signal = NewSignal(Database);
        await WaitUntilListeningAsync(signal);
        var (call, _) = await Store.CreateAsync(Service("SIG-2"), None).WaitAsync(TestTimeouts.Default);
        var killed = await Sql.ScalarAsync<long>(ConnectionString, """
            SELECT count(*) FROM (
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = current_database() AND query = 'LISTEN survey_result_changes') AS terminated
            """).WaitAsync(TestTimeouts.Default);
        Assert.Equal(1L, killed);
        await WaitUntilAsync(() => !signal.IsListening);
        await WaitUntilListeningAsync(signal);
        var waiter = signal.WaitAsync(TimeSpan.FromSeconds(30), None);

        // Act
        await Store.AddAnswerAsync(call.Id, Rating("q", 3, Start), escalates: false, None).WaitAsync(TestTimeouts.Default);
        var committed = Stopwatch.StartNew();
        await waiter.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.True(committed.Elapsed < WakeBound, $"woke {committed.Elapsed.TotalMilliseconds} ms after the commit");
    }

    [Fact]
    public async Task StartAsync_ReturnsAtOnceAndListensLater_WhenDatabaseStartsAfterIt()
    {
        // Arrange: a database object that is not started yet.
        await using var database = new IvrDatabase(
            new StorageOptions { ConnectionString = ConnectionString }, new ProcessLauncher(), Time, NullLoggerFactory.Instance, durable: false);
        await using var signal = NewSignal(database);

        // Act
        var starting = Stopwatch.StartNew();
        await signal.StartAsync(None).WaitAsync(TestTimeouts.Default);
        var startTook = starting.Elapsed;
        await signal.WaitAsync(TimeSpan.FromMilliseconds(100), None).WaitAsync(TestTimeouts.Default);
        await database.StartAsync(None).WaitAsync(TestTimeouts.Default);
        await WaitUntilListeningAsync(signal);
        var waiter = signal.WaitAsync(TimeSpan.FromSeconds(30), None);
        await Store.CreateAsync(Service("SIG-3"), None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.True(startTook < TimeSpan.FromSeconds(1), $"start took {startTook}");
        await waiter.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task WaitAsync_KeepsListening_WhenFirstCalledInsideTransactionThatRollsBack()
    {
        // Arrange
        await using var signal = NewSignal(Database);
        using (StorageTransaction.Begin())
        {
            // Act: the first wait starts the listener; it must not join this transaction.
            await signal.WaitAsync(TimeSpan.FromMilliseconds(10), None).WaitAsync(TestTimeouts.Default);
            await WaitUntilListeningAsync(signal);
        }

        var waiter = signal.WaitAsync(TimeSpan.FromSeconds(30), None);
        await Store.CreateAsync(Service("SIG-4"), None).WaitAsync(TestTimeouts.Default);

        // Assert
        await waiter.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(signal.IsListening);
    }

    [Fact]
    public async Task ChangeMark_MovesOnlyOnceTheCallersTransactionEnds_WhenStoreWritesInsideIt()
    {
        // Arrange
        await using var signal = NewSignal(Database);
        var store = new NpgsqlHappyCallStore(Database, Time, signal);
        var (call, _) = await store.CreateAsync(Service("SIG-5"), None).WaitAsync(TestTimeouts.Default);
        await WaitUntilListeningAsync(signal);
        long? beforeWrite, insideAfterWrite, afterCommit;

        // Act: a change written in the caller's transaction (nothing is committed or notified before it completes).
        using (var scope = StorageTransaction.Begin())
        {
            beforeWrite = signal.ChangeMark;
            await store.AddAnswerAsync(call.Id, Rating("q", 3, Start), escalates: false, None).WaitAsync(TestTimeouts.Default);
            insideAfterWrite = signal.ChangeMark;
            scope.Complete();
        }

        afterCommit = signal.ChangeMark;

        // Assert
        Assert.NotNull(beforeWrite);
        Assert.Equal(beforeWrite, insideAfterWrite);
        Assert.True(afterCommit > beforeWrite, $"the mark was {beforeWrite} and is {afterCommit} after the commit");
    }

    [Fact]
    public async Task ChangeMark_IsNullUntilListeningAndMovesOnEveryNotification_WhenAnotherWriterCommits()
    {
        // Arrange
        await using var signal = NewSignal(Database);
        var unstarted = signal.ChangeMark;
        await WaitUntilListeningAsync(signal);
        var listening = signal.ChangeMark;

        // Act: a writer with no link to this signal (another instance, as far as it can tell).
        var waiter = signal.WaitAsync(TimeSpan.FromSeconds(30), None);
        await Store.CreateAsync(Service("SIG-6"), None).WaitAsync(TestTimeouts.Default);
        await waiter.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Null(unstarted);
        Assert.NotNull(listening);
        Assert.True(signal.ChangeMark > listening, $"the mark was {listening} and is {signal.ChangeMark} after the notification");
    }

    [Fact]
    public async Task AddIvrStorage_RegistersOneSignalAsServiceAndHostedService_WhenStorageIsAdded()
    {
        // Arrange
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddIvrStorage()
            .AddIvrStorage();

        // Act
        await using var provider = services.BuildServiceProvider();
        var signal = provider.GetRequiredService<ISurveyResultSignal>();

        // Assert
        Assert.IsType<NpgsqlSurveyResultSignal>(signal);
        Assert.Single(provider.GetServices<IHostedService>(), hosted => ReferenceEquals(hosted, signal));
        Assert.IsType<NpgsqlHappyCallStore>(provider.GetRequiredService<IHappyCallStore>());
    }

    private static NpgsqlSurveyResultSignal NewSignal(IvrDatabase database)
        => new(database, TimeProvider.System, NullLogger<NpgsqlSurveyResultSignal>.Instance);

    private static Task WaitUntilListeningAsync(NpgsqlSurveyResultSignal signal)
    {
        _ = signal.WaitAsync(TimeSpan.Zero, None);
        return WaitUntilAsync(() => signal.IsListening);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TestTimeouts.Default, "condition not met in time");
            await Task.Delay(10);
        }
    }
}
