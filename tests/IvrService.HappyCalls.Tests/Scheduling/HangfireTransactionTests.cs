using Hangfire;
using Hangfire.Storage;
using IvrService.HappyCalls.Internal;
using IvrService.Storage.HappyCalls;
using IvrService.Testing;
using Npgsql;

namespace IvrService.HappyCalls.Tests.Scheduling;

public sealed class HangfireTransactionTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Schedule_CommitsOrRollsBackWithTheStoreWrite_InOneStorageTransaction(bool complete)
    {
        await using var database = await HappyCallDatabase.StartAsync(postgres);
        await HangfireStorageFactory.InstallSchemaAsync(database, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var storage = HangfireStorageFactory.Create(database, TimeSpan.FromSeconds(1));
        await using (var setup = await database.DataSource.OpenConnectionAsync().AsTask().WaitAsync(TestTimeouts.Default))
        {
            await using var create = new NpgsqlCommand("CREATE TABLE probe (id int primary key)", setup);
            await create.ExecuteNonQueryAsync().WaitAsync(TestTimeouts.Default);
        }

        string jobId;
        using (var scope = StorageTransaction.Begin())
        {
            await using (var connection = await database.DataSource.OpenConnectionAsync().AsTask().WaitAsync(TestTimeouts.Default))
            {
                await using var insert = new NpgsqlCommand("INSERT INTO probe VALUES (1)", connection);
                await insert.ExecuteNonQueryAsync().WaitAsync(TestTimeouts.Default);
            }

            jobId = new BackgroundJobClient(storage).Schedule(() => Console.WriteLine("probe"), TimeSpan.FromHours(1));
            if (complete)
            {
                scope.Complete();
            }
        }

        await using var check = await database.DataSource.OpenConnectionAsync().AsTask().WaitAsync(TestTimeouts.Default);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM probe", check);
        var rows = (long)(await count.ExecuteScalarAsync().WaitAsync(TestTimeouts.Default))!;
        await using var prepared = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_xacts", check);
        var preparedTransactions = (long)(await prepared.ExecuteScalarAsync().WaitAsync(TestTimeouts.Default))!;
        using var hangfire = storage.GetConnection();
        var job = hangfire.GetJobData(jobId);

        Assert.Equal(complete ? 1 : 0, rows);
        Assert.Equal(complete, job is not null);
        Assert.Equal(0, preparedTransactions);
    }
}
