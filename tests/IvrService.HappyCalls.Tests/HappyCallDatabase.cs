using IvrService.Storage;
using IvrService.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IvrService.HappyCalls.Tests;

/// <summary>A fresh migrated database on the shared test cluster, started through the product's <see cref="IvrDatabase"/>.</summary>
internal static class HappyCallDatabase
{
    public static async Task<IvrDatabase> StartAsync(PostgresFixture postgres, TimeProvider? time = null)
    {
        var connectionString = await postgres.CreateDatabaseAsync().WaitAsync(TestTimeouts.Default);
        var database = new IvrDatabase(
            Options.Create(new StorageOptions { ConnectionString = connectionString }),
            time ?? TimeProvider.System,
            NullLoggerFactory.Instance);
        await database.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);
        return database;
    }
}
