using IvrService.Storage.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace IvrService.Testing;

/// <summary>
/// One throw-away PostgreSQL cluster for a test class or collection, started by the product's own launcher
/// in a fresh /tmp directory (without fsync, for speed). Each test class or test takes a fresh database from
/// <see cref="CreateDatabaseAsync"/>. The cluster is stopped and deleted at the end, also when tests fail.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private TestDataDirectory? _directory;
    private EmbeddedPostgresCluster? _cluster;
    private int _databaseCount;

    /// <summary>Directory holding initdb and pg_ctl, as the product discovers it.</summary>
    public string BinDirectory { get; } = PostgresBinaries.Resolve(null);

    public async Task InitializeAsync()
    {
        _directory = TestDataDirectory.Create("ivr-pg");
        try
        {
            _cluster = new EmbeddedPostgresCluster(
                new EmbeddedClusterSettings(_directory.Path, BinDirectory, Port: 0, StartTimeout, Durable: false),
                new ProcessLauncher(),
                TimeProvider.System,
                NullLogger.Instance);
            using var timeout = new CancellationTokenSource(StartTimeout);
            await _cluster.StartAsync(timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates an empty database and returns its superuser connection string.</summary>
    public Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var cluster = _cluster ?? throw new InvalidOperationException("The fixture has not been initialised.");
        var name = $"test_{Interlocked.Increment(ref _databaseCount)}_{Guid.NewGuid():N}";
        return cluster.EnsureDatabaseAsync(name, cancellationToken);
    }

    public async Task DisposeAsync()
    {
        _cluster = null;
        if (_directory is { } directory)
        {
            _directory = null;
            await directory.DisposeAsync().ConfigureAwait(false);
        }
    }
}
