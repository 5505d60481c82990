using Hangfire.PostgreSql;
using IvrService.Storage;

namespace IvrService.HappyCalls.Internal;

/// <summary>Hangfire's PostgreSQL storage in the product's database (schema <c>hangfire</c>), tuned for a dialer.</summary>
internal static class HangfireStorageFactory
{
    public const string SchemaName = "hangfire";

    /// <summary>How long a finished job (and its states and parameters) stays in Hangfire's tables.</summary>
    public static readonly TimeSpan FinishedJobRetention = TimeSpan.FromHours(1);

    /// <summary>The storage; it touches the database only when used (the schema is installed by <see cref="InstallSchemaAsync"/>).</summary>
    public static PostgreSqlStorage Create(IvrDatabase database, TimeSpan queuePollInterval) =>
        new(new DataSourceConnectionFactory(database), CreateOptions(queuePollInterval))
        {
            // The attempt's outcome lives in happy_call_attempts; at 100 dial jobs a second a day of finished jobs
            // would be millions of rows in each of Hangfire's job, state and parameter tables.
            JobExpirationTimeout = FinishedJobRetention,
        };

    /// <summary>Creates or upgrades Hangfire's tables in <see cref="SchemaName"/> (under Hangfire's own lock).</summary>
    public static async Task InstallSchemaAsync(IvrDatabase database, CancellationToken cancellationToken)
    {
        var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            PostgreSqlObjectsInstaller.Install(connection, SchemaName);
        }
    }

    public static PostgreSqlStorageOptions CreateOptions(TimeSpan queuePollInterval) => new()
    {
        SchemaName = SchemaName,
        // Installed at start, once the database is up (InstallSchemaAsync): building the storage stays offline.
        PrepareSchemaIfNecessary = false,
        // Store writes and job creation share one ambient transaction (see StorageTransaction).
        EnableTransactionScopeEnlistment = true,
        // Polling, not LISTEN/NOTIFY long polling: with several servers in one process (and after a listener
        // connection broke) long-polled jobs were seen waiting minutes in the queue. The instance that makes a
        // job due wakes its own workers at once; the others look every queue poll interval. Each idle worker's
        // look is a transaction of two round trips, so the interval is longer than the due-job polling.
        EnableLongPolling = false,
        QueuePollInterval = queuePollInterval,
        // A dial job lives as long as its call; the heartbeat (every fifth of the timeout) keeps it invisible to other
        // servers while its server lives, and a dead server's job comes back after the timeout (then recovery finds its
        // open attempt). Short, because a dead instance's jobs that were still waiting for a channel delay their
        // customers' calls by this much; a job that comes back early does no harm: its attempt is claimed and locked.
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = TimeSpan.FromSeconds(30),
        DistributedLockTimeout = TimeSpan.FromSeconds(30),
    };
}
