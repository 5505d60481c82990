using Hangfire.PostgreSql;
using IvrService.Storage;

namespace IvrService.HappyCalls.Internal;

/// <summary>Hangfire's PostgreSQL storage in the product's database (schema <c>hangfire</c>), tuned for a dialer.</summary>
internal static class HangfireStorageFactory
{
    public const string SchemaName = "hangfire";

    public static PostgreSqlStorage Create(IvrDatabase database, TimeSpan queuePollInterval) =>
        new(new DataSourceConnectionFactory(database), CreateOptions(queuePollInterval));

    public static PostgreSqlStorageOptions CreateOptions(TimeSpan queuePollInterval) => new()
    {
        SchemaName = SchemaName,
        PrepareSchemaIfNecessary = true,
        // Store writes and job creation share one ambient transaction (see StorageTransaction).
        EnableTransactionScopeEnlistment = true,
        // Jobs wake workers through LISTEN/NOTIFY; the poll interval is only the fallback.
        EnableLongPolling = true,
        QueuePollInterval = queuePollInterval,
        // A dial job lives as long as its call; the heartbeat keeps it invisible to other servers while its server
        // lives, and a dead server's job comes back after the timeout (then recovery finds its open attempt).
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = TimeSpan.FromMinutes(2),
        DistributedLockTimeout = TimeSpan.FromSeconds(30),
    };
}
