using IvrService.Storage.Internal;
using IvrService.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IvrService.Storage.Tests;

/// <summary>A test class whose every test gets its own migrated database on the shared cluster and a fake clock.</summary>
public abstract class FreshDatabaseTest : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private readonly PostgresFixture _postgres;
    private IvrDatabase? _database;

    protected FreshDatabaseTest(PostgresFixture postgres)
    {
        _postgres = postgres;
    }

    protected FakeTimeProvider Time { get; } = new(Start);

    protected IvrDatabase Database => _database ?? throw new InvalidOperationException("The database starts in InitializeAsync.");

    protected string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await _postgres.CreateDatabaseAsync().WaitAsync(TestTimeouts.Default);
        _database = new IvrDatabase(
            new StorageOptions { ConnectionString = ConnectionString },
            new ProcessLauncher(),
            Time,
            NullLoggerFactory.Instance,
            durable: false);
        await _database.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Default);
        }
    }
}
