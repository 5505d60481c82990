using IvrService.Storage.Internal;
using IvrService.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace IvrService.Storage.Tests;

public sealed class IvrDatabaseTests : IClassFixture<PostgresFixture>
{
    private readonly PostgresFixture _postgres;

    public IvrDatabaseTests(PostgresFixture postgres)
    {
        _postgres = postgres;
    }

    [Fact]
    public async Task StartAsync_MigratesExternalServerAndStartsNothing_WhenConnectionStringIsSet()
    {
        // Arrange
        var connectionString = await _postgres.CreateDatabaseAsync().WaitAsync(TestTimeouts.Default);
        var unusedDirectory = Path.Combine("/tmp", $"ivr-unused-{Guid.NewGuid():N}");
        await using var database = new IvrDatabase(
            new StorageOptions { ConnectionString = connectionString, DataDirectory = unusedDirectory },
            new ProcessLauncher(),
            TimeProvider.System,
            NullLoggerFactory.Instance,
            durable: false);

        // Act
        await database.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.False(database.IsEmbedded);
        Assert.Null(database.EmbeddedCluster);
        Assert.False(Directory.Exists(unusedDirectory));
        await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM schema_migrations");
        var applied = (long)(await command.ExecuteScalarAsync().WaitAsync(TestTimeouts.Default))!;
        Assert.Equal(Migration.LoadEmbedded().Count, applied);
    }

    [Theory]
    [InlineData("", IvrDatabase.DefaultMaxAutoPrepare)]
    [InlineData(";Max Auto Prepare=0", 0)]
    [InlineData(";maxautoprepare=5", 5)]
    public async Task StartAsync_PreparesStatementsRunOften_UnlessConnectionStringSaysOtherwise(string extra, int expected)
    {
        // Arrange
        var connectionString = await _postgres.CreateDatabaseAsync().WaitAsync(TestTimeouts.Default) + extra;
        await using var database = new IvrDatabase(
            new StorageOptions { ConnectionString = connectionString }, new ProcessLauncher(), TimeProvider.System, NullLoggerFactory.Instance, durable: false);
        await database.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // Act: one statement run more often than Npgsql's threshold for preparing it, on one connection.
        await using var connection = await database.DataSource.OpenConnectionAsync().AsTask().WaitAsync(TestTimeouts.Default);
        for (var i = 0; i < 10; i++)
        {
            await using var repeated = new Npgsql.NpgsqlCommand("SELECT 1 + $1", connection) { Parameters = { new() { Value = i } } };
            await repeated.ExecuteScalarAsync().WaitAsync(TestTimeouts.Default);
        }

        await using var prepared = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement = 'SELECT 1 + $1'", connection);
        var count = (long)(await prepared.ExecuteScalarAsync().WaitAsync(TestTimeouts.Default))!;

        // Assert
        Assert.Equal(expected, new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).MaxAutoPrepare);
        Assert.Equal(expected > 0 ? 1 : 0, count);
    }

    [Fact]
    public async Task DataSource_Throws_WhenNotStarted()
    {
        await using var database = new IvrDatabase(
            new StorageOptions(), new ProcessLauncher(), TimeProvider.System, NullLoggerFactory.Instance, durable: false);

        var error = Assert.Throws<InvalidOperationException>(() => database.DataSource);

        Assert.Contains("StartAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_StartsEmbeddedDatabaseAndStopsIt_WhenStorageIsAdded()
    {
        // Arrange
        await using var directory = TestDataDirectory.Create();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = directory.Path,
            ["Storage:Database"] = "ivr_host",
        });
        builder.Services.AddIvrStorage();
        using var host = builder.Build();
        var database = host.Services.GetRequiredService<IvrDatabase>();
        var store = host.Services.GetRequiredService<ICallRecordStore>();

        // Act
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(120));
        var cluster = database.EmbeddedCluster!;
        var id = await store.RecordOfferedAsync(
            new CallOffered("host-call", CallDirection.Inbound, "sip:a@x", "sip:b@y", "a", "b", "127.0.0.1:5060",
                CallTransport.Udp, DateTimeOffset.UtcNow, "host-1"),
            CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var stored = await store.GetByCallIdAsync("host-call", CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await host.StopAsync().WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.True(database.IsEmbedded);
        Assert.Equal(id, stored!.Id);
        Assert.Null(cluster.ReadPostmasterPid());
        Assert.Throws<InvalidOperationException>(() => database.DataSource);
    }
}
