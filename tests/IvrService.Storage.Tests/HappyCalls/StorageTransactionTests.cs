using System.Transactions;
using IvrService.Storage.HappyCalls;
using IvrService.Storage.Internal;
using IvrService.Testing;
using static IvrService.Storage.Tests.HappyCalls.HappyCallSamples;

namespace IvrService.Storage.Tests.HappyCalls;

public sealed class StorageTransactionTests : FreshDatabaseTest
{
    private static readonly CancellationToken None = CancellationToken.None;

    public StorageTransactionTests(PostgresFixture postgres)
        : base(postgres)
    {
    }

    private NpgsqlHappyCallStore Store => new(Database, Time);

    [Fact]
    public async Task StoreWrites_RollBack_WhenOuterScopeIsNotCompleted()
    {
        // Arrange
        var store = Store;

        // Act
        using (StorageTransaction.Begin())
        {
            var (call, created) = await store.CreateAsync(Service("T-1"), None).WaitAsync(TestTimeouts.Default);
            await store.SetJobAsync(call.Id, "job-1", None).WaitAsync(TestTimeouts.Default);
            Assert.True(created);
            Assert.Equal("job-1", (await store.GetAsync(call.Id, None).WaitAsync(TestTimeouts.Default))!.JobId);
        }

        // Assert
        Assert.Null(await store.GetByServiceAsync("T-1", None).WaitAsync(TestTimeouts.Default));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(ConnectionString, "SELECT count(*) FROM happy_calls").WaitAsync(TestTimeouts.Default));
        Assert.Empty(await store.ReadChangesAsync(0, 10, None).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task StoreWrites_CommitTogetherOnOneConnection_WhenOuterScopeIsCompleted()
    {
        // Arrange
        var store = Store;
        long id;
        long seenOutsideBeforeCommit;
        Guid distributedId;
        long prepared;

        // Act
        using (var scope = StorageTransaction.Begin())
        {
            var (call, _) = await store.CreateAsync(Service("T-2"), None).WaitAsync(TestTimeouts.Default);
            await store.SetJobAsync(call.Id, "job-2", None).WaitAsync(TestTimeouts.Default);
            await store.ClaimAttemptAsync(call.Id, 1, "host-a", None).WaitAsync(TestTimeouts.Default);
            id = call.Id;
            distributedId = Transaction.Current!.TransactionInformation.DistributedIdentifier;
            using (new TransactionScope(TransactionScopeOption.Suppress, TransactionScopeAsyncFlowOption.Enabled))
            {
                seenOutsideBeforeCommit = await Sql.ScalarAsync<long>(ConnectionString, "SELECT count(*) FROM happy_calls")
                    .WaitAsync(TestTimeouts.Default);
                prepared = await Sql.ScalarAsync<long>(ConnectionString, "SELECT count(*) FROM pg_prepared_xacts")
                    .WaitAsync(TestTimeouts.Default);
            }

            scope.Complete();
        }

        // Assert
        Assert.Equal(Guid.Empty, distributedId);
        Assert.Equal(0L, prepared);
        Assert.Equal(0L, seenOutsideBeforeCommit);
        var stored = await store.GetAsync(id, None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(("job-2", HappyCallState.InProgress), (stored!.JobId, stored.State));
        Assert.Equal(2, (await store.ReadChangesAsync(0, 10, None).WaitAsync(TestTimeouts.Default)).Count);
    }

    [Fact]
    public async Task StoreWrite_CommitsAlone_WhenNoOuterScopeExists()
    {
        // Act
        var (call, _) = await Store.CreateAsync(Service("T-3"), None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Null(Transaction.Current);
        Assert.Equal(call.Id, await Sql.ScalarAsync<long>(
            ConnectionString, "SELECT id FROM happy_calls WHERE service_id = 'T-3'").WaitAsync(TestTimeouts.Default));
    }
}
