using Npgsql;
using NpgsqlTypes;

namespace IvrService.Storage.Internal;

/// <summary><see cref="IApiKeyRecordStore"/> on <c>api_keys</c>.</summary>
internal sealed class NpgsqlApiKeyRecordStore : IApiKeyRecordStore
{
    private const string Columns = "name, scope, sha256, created_at, created_by, revoked_at";

    private readonly IvrDatabase _database;

    public NpgsqlApiKeyRecordStore(IvrDatabase database)
    {
        _database = database;
    }

    public async Task<ApiKeyRecord?> CreateAsync(ApiKeyRecord key, AdminAuditEntry? audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(key.Name, nameof(key));
        if (key.Sha256.Length != 32)
        {
            throw new ArgumentException("An API key's SHA-256 hash is 32 bytes.", nameof(key));
        }

        var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var insert = new NpgsqlCommand(
                    $"""
                    INSERT INTO api_keys (name, scope, sha256, created_at, created_by) VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT (name) WHERE revoked_at IS NULL DO NOTHING
                    RETURNING {Columns}
                    """,
                    connection);
                ApiKeyRecord? created;
                await using (insert.ConfigureAwait(false))
                {
                    insert.Parameters.Add(new() { Value = key.Name });
                    insert.Parameters.Add(new() { Value = key.Scope });
                    insert.Parameters.Add(new() { Value = key.Sha256.ToArray() });
                    insert.Parameters.Add(new() { Value = key.CreatedAt.ToUniversalTime() });
                    insert.Parameters.Add(new() { Value = key.CreatedBy });
                    created = await ReadOneAsync(insert, cancellationToken).ConfigureAwait(false);
                }

                if (created is not null && audit is not null)
                {
                    await NpgsqlAdminAuditLog.AppendAsync(connection, audit, cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return created;
            }
        }
    }

    public async Task<ApiKeyRecord?> RevokeAsync(
        string name, DateTimeOffset at, string revokedBy, AdminAuditEntry? audit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(revokedBy);
        var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var update = new NpgsqlCommand(
                    $"UPDATE api_keys SET revoked_at = $2, revoked_by = $3 WHERE name = $1 AND revoked_at IS NULL RETURNING {Columns}",
                    connection);
                ApiKeyRecord? revoked;
                await using (update.ConfigureAwait(false))
                {
                    update.Parameters.Add(new() { Value = name });
                    update.Parameters.Add(new() { Value = at.ToUniversalTime() });
                    update.Parameters.Add(new() { Value = revokedBy });
                    revoked = await ReadOneAsync(update, cancellationToken).ConfigureAwait(false);
                }

                if (revoked is not null && audit is not null)
                {
                    await NpgsqlAdminAuditLog.AppendAsync(connection, audit, cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return revoked;
            }
        }
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListActiveAsync(CancellationToken cancellationToken)
    {
        var command = _database.DataSource.CreateCommand($"SELECT {Columns} FROM api_keys WHERE revoked_at IS NULL ORDER BY name");
        await using (command.ConfigureAwait(false))
        {
            var keys = new List<ApiKeyRecord>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    keys.Add(Read(reader));
                }
            }

            return keys;
        }
    }

    public async Task<ApiKeyRecord?> FindActiveAsync(ReadOnlyMemory<byte> sha256, CancellationToken cancellationToken)
    {
        var command = _database.DataSource.CreateCommand($"SELECT {Columns} FROM api_keys WHERE sha256 = $1 AND revoked_at IS NULL");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = sha256.ToArray(), NpgsqlDbType = NpgsqlDbType.Bytea });
            return await ReadOneAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<ApiKeyRecord?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
        }
    }

    private static ApiKeyRecord Read(NpgsqlDataReader reader) =>
        new(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetFieldValue<byte[]>(2),
            reader.GetFieldValue<DateTimeOffset>(3),
            reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));
}
