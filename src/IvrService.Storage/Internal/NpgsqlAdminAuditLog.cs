using Npgsql;

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
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.Version ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.Detail ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<AdminAuditEntry>> ListAsync(string? target, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var command = _database.DataSource.CreateCommand("""
            SELECT at, key_name, scope, action, target, version, detail FROM admin_audit
            WHERE $1::text IS NULL OR target = $1 ORDER BY id DESC LIMIT $2
            """);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)target ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new() { Value = limit });
            var entries = new List<AdminAuditEntry>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    entries.Add(new AdminAuditEntry(
                        reader.GetFieldValue<DateTimeOffset>(0),
                        reader.GetString(1),
                        reader.GetString(2),
                        reader.GetString(3),
                        reader.GetString(4),
                        reader.IsDBNull(5) ? null : reader.GetInt32(5),
                        reader.IsDBNull(6) ? null : reader.GetString(6)));
                }
            }

            return entries;
        }
    }
}
