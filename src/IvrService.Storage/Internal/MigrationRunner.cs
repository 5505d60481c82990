using Microsoft.Extensions.Logging;
using Npgsql;

namespace IvrService.Storage.Internal;

/// <summary>
/// Applies pending migrations in version order, in one transaction, and records each in
/// <c>schema_migrations</c>. A transaction-scoped advisory lock on a fixed key makes instances that
/// start together take turns: the later ones find everything applied.
/// </summary>
internal sealed class MigrationRunner
{
    /// <summary>The advisory lock key of schema changes ("IvrMigr" in ASCII).</summary>
    public const long AdvisoryLockKey = 0x0049_7672_4D69_6772;

    private const string CreateHistorySql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     integer     PRIMARY KEY,
            name        text        NOT NULL,
            checksum    text        NOT NULL,
            applied_at  timestamptz NOT NULL
        )
        """;

    private readonly IReadOnlyList<Migration> _migrations;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public MigrationRunner(IReadOnlyList<Migration> migrations, TimeProvider timeProvider, ILogger logger)
    {
        _migrations = Migration.Ordered(migrations);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Applies what is missing and returns the migrations this call applied.</summary>
    public async Task<IReadOnlyList<Migration>> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Waits for any other instance migrating this database; released at commit or rollback.
                await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock($1)", cancellationToken, AdvisoryLockKey)
                    .ConfigureAwait(false);
                await ExecuteAsync(connection, CreateHistorySql, cancellationToken).ConfigureAwait(false);

                var applied = await ReadAppliedAsync(connection, cancellationToken).ConfigureAwait(false);
                var pending = Verify(applied);
                foreach (var migration in pending)
                {
                    try
                    {
                        await ExecuteAsync(connection, migration.Sql, cancellationToken).ConfigureAwait(false);
                    }
                    catch (PostgresException ex)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.FileName} failed: {ex.MessageText} (SQLSTATE {ex.SqlState}).", ex);
                    }

                    await ExecuteAsync(
                        connection,
                        "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
                        cancellationToken,
                        migration.Version,
                        migration.Name,
                        migration.Checksum,
                        _timeProvider.GetUtcNow()).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

                foreach (var migration in pending)
                {
                    Log.MigrationApplied(_logger, migration.FileName);
                }

                Log.MigrationsUpToDate(_logger, _migrations.Count == 0 ? 0 : _migrations[^1].Version);
                return pending;
            }
        }
    }

    private List<Migration> Verify(Dictionary<int, (string Name, string Checksum)> applied)
    {
        var known = new HashSet<int>();
        var pending = new List<Migration>();
        foreach (var migration in _migrations)
        {
            known.Add(migration.Version);
            if (!applied.TryGetValue(migration.Version, out var recorded))
            {
                pending.Add(migration);
            }
            else if (!string.Equals(recorded.Checksum, migration.Checksum, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"Migration {migration.FileName} was changed after it was applied (recorded checksum " +
                    $"{recorded.Checksum}, file checksum {migration.Checksum}). Restore the file and put the " +
                    "change in a new migration.");
            }
        }

        foreach (var (version, recorded) in applied)
        {
            if (!known.Contains(version))
            {
                Log.MigrationUnknownInDatabase(_logger, version, recorded.Name);
            }
        }

        return pending;
    }

    private static async Task<Dictionary<int, (string Name, string Checksum)>> ReadAppliedAsync(
        NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, (string, string)>();
        var command = new NpgsqlCommand("SELECT version, name, checksum FROM schema_migrations", connection);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    applied[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
                }
            }
        }

        return applied;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection)
        {
            // Waiting for another instance's migrations, or a long migration, is bounded by the token instead.
            CommandTimeout = 0,
        };
        await using (command.ConfigureAwait(false))
        {
            foreach (var value in parameters)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
