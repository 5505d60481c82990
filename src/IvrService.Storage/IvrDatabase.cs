using IvrService.Storage.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace IvrService.Storage;

/// <summary>
/// The product's database. <see cref="StartAsync"/> uses the server of <c>ConnectionStrings:Ivr</c> when it
/// is set, else starts the embedded cluster (creating it and the database on first run); then it applies
/// the migrations. Its data source prepares the statements used often (<c>Max Auto Prepare</c>
/// <see cref="DefaultMaxAutoPrepare"/> unless the connection string sets it). Registered as a singleton and
/// started before other hosted services by <c>AddIvrStorage</c>.
/// </summary>
public sealed class IvrDatabase : IAsyncDisposable
{
    /// <summary>Statements Npgsql prepares per connection when the connection string does not say (<c>Max Auto Prepare</c>).</summary>
    public const int DefaultMaxAutoPrepare = 64;

    private readonly StorageOptions _options;
    private readonly ProcessLauncher _launcher;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly bool _durable;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlDataSource? _dataSource;
    private string? _connectionString;

    public IvrDatabase(IOptions<StorageOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
        : this(options.Value, new ProcessLauncher(), timeProvider, loggerFactory, durable: true)
    {
    }

    internal IvrDatabase(
        StorageOptions options, ProcessLauncher launcher, TimeProvider timeProvider, ILoggerFactory loggerFactory, bool durable)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _launcher = launcher;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<IvrDatabase>();
        _durable = durable;
    }

    /// <summary>The pooled data source of the product's database; available once started.</summary>
    public NpgsqlDataSource DataSource
        => _dataSource ?? throw new InvalidOperationException("The database has not been started (IvrDatabase.StartAsync).");

    /// <summary>The connection string of the product's database (with its password); available once started.</summary>
    public string ConnectionString
        => _connectionString ?? throw new InvalidOperationException("The database has not been started (IvrDatabase.StartAsync).");

    /// <summary>True when the embedded cluster is used rather than <c>ConnectionStrings:Ivr</c>.</summary>
    public bool IsEmbedded => string.IsNullOrWhiteSpace(_options.ConnectionString);

    internal EmbeddedPostgresCluster? EmbeddedCluster { get; private set; }

    /// <summary>Starts (or connects to) the server and brings the schema up to date; a second call does nothing.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_dataSource is not null)
            {
                return;
            }

            try
            {
                var connectionString = IsEmbedded
                    ? await StartEmbeddedAsync(cancellationToken).ConfigureAwait(false)
                    : UseExternalServer();

                var builder = new NpgsqlDataSourceBuilder(connectionString);
                builder.ConnectionStringBuilder.ApplicationName ??= "IvrService";
                if (!SetsMaxAutoPrepare(connectionString))
                {
                    // The product's statements are few and run again and again (API pages, the happy-call store, the
                    // dialer's jobs): prepared on each connection once used often, they skip parsing and, where the
                    // plan does not depend on the values, planning.
                    builder.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
                }

                builder.UseLoggerFactory(_loggerFactory);
                var dataSource = builder.Build();
                _dataSource = dataSource;
                _connectionString = builder.ConnectionString;

                var runner = new MigrationRunner(Migration.LoadEmbedded(), _timeProvider, _logger);
                await runner.ApplyAsync(dataSource, cancellationToken).ConfigureAwait(false);
                Log.DatabaseReady(_logger);
            }
            catch
            {
                await ShutDownAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the data source and stops the embedded cluster (<c>pg_ctl stop -m fast</c>) if one is used.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ShutDownAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            Log.ClusterStopFailed(_logger, ex);
        }

        _gate.Dispose();
    }

    private async Task<string> StartEmbeddedAsync(CancellationToken cancellationToken)
    {
        var settings = new EmbeddedClusterSettings(
            _options.DataDirectory ?? StorageDefaults.DataDirectory(),
            PostgresBinaries.Resolve(_options.PostgresBinDirectory),
            _options.EmbeddedPort,
            _options.StartTimeout,
            _durable);
        var cluster = new EmbeddedPostgresCluster(
            settings, _launcher, _timeProvider, _loggerFactory.CreateLogger<EmbeddedPostgresCluster>());
        EmbeddedCluster = cluster;
        await cluster.StartAsync(cancellationToken).ConfigureAwait(false);
        return await cluster.EnsureDatabaseAsync(_options.Database, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the connection string names <c>Max Auto Prepare</c> (any spacing or case), whatever its value.</summary>
    internal static bool SetsMaxAutoPrepare(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string key in given.Keys)
        {
            if (key.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private string UseExternalServer()
    {
        var builder = new NpgsqlConnectionStringBuilder(_options.ConnectionString);
        Log.UsingExternalServer(_logger, builder.Host, builder.Port, builder.Database);
        return builder.ConnectionString;
    }

    private async Task ShutDownAsync(CancellationToken cancellationToken)
    {
        if (_dataSource is { } dataSource)
        {
            _dataSource = null;
            _connectionString = null;
            await dataSource.DisposeAsync().ConfigureAwait(false);
        }

        if (EmbeddedCluster is { } cluster)
        {
            EmbeddedCluster = null;
            await cluster.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
