using Npgsql;
using NpgsqlTypes;

namespace IvrService.Storage.Internal;

/// <summary><see cref="IDoNotCallList"/> on <c>do_not_call</c>.</summary>
internal sealed class NpgsqlDoNotCallList : IDoNotCallList
{
    private const string Columns = "phone, reason, added_by, added_at";

    private readonly IvrDatabase _database;

    public NpgsqlDoNotCallList(IvrDatabase database)
    {
        _database = database;
    }

    public async Task<bool> ContainsAsync(string phone, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(phone);
        var command = _database.DataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM do_not_call WHERE phone = $1)");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = phone });
            return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    public async Task<(DoNotCallEntry Entry, bool Added)> AddAsync(DoNotCallEntry entry, AdminAuditEntry? audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(entry.Phone, nameof(entry));
        var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var insert = new NpgsqlCommand(
                    $"INSERT INTO do_not_call ({Columns}) VALUES ($1, $2, $3, $4) ON CONFLICT (phone) DO NOTHING RETURNING {Columns}",
                    connection);
                DoNotCallEntry? added;
                await using (insert.ConfigureAwait(false))
                {
                    insert.Parameters.Add(new() { Value = entry.Phone });
                    insert.Parameters.Add(new() { Value = entry.Reason });
                    insert.Parameters.Add(new() { Value = entry.AddedBy });
                    insert.Parameters.Add(new() { Value = entry.AddedAt.ToUniversalTime() });
                    added = await ReadOneAsync(insert, cancellationToken).ConfigureAwait(false);
                }

                if (added is null)
                {
                    // Already on the list: the first entry stands, and an unchanged list is not an audited change.
                    var select = new NpgsqlCommand($"SELECT {Columns} FROM do_not_call WHERE phone = $1", connection);
                    await using (select.ConfigureAwait(false))
                    {
                        select.Parameters.Add(new() { Value = entry.Phone });
                        var existing = await ReadOneAsync(select, cancellationToken).ConfigureAwait(false)
                            ?? throw new InvalidOperationException($"do_not_call: {entry.Phone} conflicted on insert but is not stored");
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        return (existing, false);
                    }
                }

                if (audit is not null)
                {
                    await NpgsqlAdminAuditLog.AppendAsync(connection, audit, cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (added, true);
            }
        }
    }

    public async Task<DoNotCallEntry?> RemoveAsync(string phone, AdminAuditEntry? audit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(phone);
        var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var delete = new NpgsqlCommand($"DELETE FROM do_not_call WHERE phone = $1 RETURNING {Columns}", connection);
                DoNotCallEntry? removed;
                await using (delete.ConfigureAwait(false))
                {
                    delete.Parameters.Add(new() { Value = phone });
                    removed = await ReadOneAsync(delete, cancellationToken).ConfigureAwait(false);
                }

                if (removed is not null && audit is not null)
                {
                    await NpgsqlAdminAuditLog.AppendAsync(connection, audit, cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return removed;
            }
        }
    }

    public async Task<IReadOnlyList<DoNotCallEntry>> ListAsync(
        string? phonePrefix, DoNotCallCursor? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var command = _database.DataSource.CreateCommand($"""
            SELECT {Columns} FROM do_not_call
            WHERE ($1::text IS NULL OR starts_with(phone, $1))
              AND ($2::timestamptz IS NULL OR (added_at, phone) < ($2, $3))
            ORDER BY added_at DESC, phone DESC
            LIMIT $4
            """);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = string.IsNullOrEmpty(phonePrefix) ? DBNull.Value : phonePrefix, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter
            {
                Value = after is null ? DBNull.Value : after.AddedAt.ToUniversalTime(),
                NpgsqlDbType = NpgsqlDbType.TimestampTz,
            });
            command.Parameters.Add(new NpgsqlParameter { Value = after?.Phone ?? "", NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new() { Value = limit });
            var entries = new List<DoNotCallEntry>();
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

    private static async Task<DoNotCallEntry?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
        }
    }

    private static DoNotCallEntry Read(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3));
}
