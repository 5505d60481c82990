using Npgsql;
using NpgsqlTypes;

namespace IvrService.Storage.Internal;

/// <summary><see cref="IAdminAuditLog"/> on <c>admin_audit</c>.</summary>
internal sealed class NpgsqlAdminAuditLog : IAdminAuditLog
{
    private readonly IvrDatabase _database;

    public NpgsqlAdminAuditLog(IvrDatabase database)
    {
        _database = database;
    }

    private const string InsertSql =
        "INSERT INTO admin_audit (at, key_name, scope, action, target, version, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)";

    public async Task AppendAsync(AdminAuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await AppendAsync(connection, entry, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes <paramref name="entry"/> on <paramref name="connection"/>, inside the caller's transaction if one is open.</summary>
    internal static async Task AppendAsync(NpgsqlConnection connection, AdminAuditEntry entry, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(InsertSql, connection);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = entry.At.ToUniversalTime() });
            command.Parameters.Add(new() { Value = entry.KeyName });
            command.Parameters.Add(new() { Value = entry.Scope });
            command.Parameters.Add(new() { Value = entry.Action });
            command.Parameters.Add(new() { Value = entry.Target });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.Version ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
            command.Parameters.Add(Text(entry.Detail));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<AdminAuditEntry>> ListAsync(string? target, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var command = _database.DataSource.CreateCommand($"""
            SELECT {Columns} FROM admin_audit
            WHERE $1::text IS NULL OR target = $1 ORDER BY id DESC LIMIT $2
            """);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(Text(target));
            command.Parameters.Add(new() { Value = limit });
            var entries = new List<AdminAuditEntry>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    entries.Add(Read(reader));
                }
            }

            return entries;
        }
    }

    public async Task<AdminAuditPage> ListPageAsync(
        AdminAuditFilter filter, AdminAuditCursor? after, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, IAdminAuditLog.MaxPageSize);

        // The first page fixes the snapshot (the highest id then) in the same statement; later pages bring it in their
        // cursor. An unset criterion is a null parameter, which the planner folds away for each execution.
        var command = _database.DataSource.CreateCommand($"""
            WITH snapshot AS (SELECT COALESCE($1::bigint, (SELECT max(id) FROM admin_audit), 0) AS max_id)
            SELECT {Columns}, snapshot.max_id FROM admin_audit, snapshot
            WHERE id <= snapshot.max_id
              AND ($2::timestamptz IS NULL OR at >= $2)
              AND ($3::timestamptz IS NULL OR at < $3)
              AND ($4::text IS NULL OR key_name = $4)
              AND ($5::text IS NULL OR action = $5)
              AND ($6::text IS NULL OR target = $6)
              AND ($7::timestamptz IS NULL OR (at, id) < ($7, $8::bigint))
            ORDER BY at DESC, id DESC
            LIMIT $9
            """);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.SnapshotMaxId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
            command.Parameters.Add(Instant(filter.From));
            command.Parameters.Add(Instant(filter.Before));
            command.Parameters.Add(Text(filter.KeyName));
            command.Parameters.Add(Text(filter.Action));
            command.Parameters.Add(Text(filter.Target));
            command.Parameters.Add(Instant(after?.At));
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
            command.Parameters.Add(new() { Value = pageSize + 1 });

            var entries = new List<AdminAuditEntry>(Math.Min(pageSize + 1, 64));
            long snapshotMaxId = 0;
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    entries.Add(Read(reader));
                    snapshotMaxId = reader.GetInt64(ColumnCount);
                }
            }

            if (entries.Count <= pageSize)
            {
                return new AdminAuditPage(entries, null);
            }

            entries.RemoveAt(entries.Count - 1);
            var last = entries[^1];
            return new AdminAuditPage(entries, new AdminAuditCursor(last.At, last.Id, snapshotMaxId));
        }
    }

    private const string Columns = "id, at, key_name, scope, action, target, version, detail";
    private const int ColumnCount = 8;

    private static AdminAuditEntry Read(NpgsqlDataReader reader) =>
        new(
            reader.GetFieldValue<DateTimeOffset>(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetInt32(6),
            reader.IsDBNull(7) ? null : reader.GetString(7))
        {
            Id = reader.GetInt64(0),
        };

    private static NpgsqlParameter Text(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Instant(DateTimeOffset? value) =>
        new() { Value = (object?)value?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
