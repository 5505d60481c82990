using System.Globalization;
using Npgsql;

namespace IvrService.Storage.Internal;

/// <summary>
/// <see cref="IFlowVersionStore"/> on <c>flow_versions</c> (with each flow's kind) and <c>flow_current</c>. Seeding and publishing hold a
/// transaction-scoped advisory lock per flow, so concurrent publishers (or instances seeding together) take
/// turns and every version number is used once, without gaps.
/// </summary>
internal sealed class NpgsqlFlowVersionStore : IFlowVersionStore
{
    /// <summary>The first key of the per-flow advisory locks ("IvrF" in ASCII); the second is the flow id's hash.</summary>
    public const int AdvisoryLockClass = 0x4976_7246;

    private const string VersionColumns = """
        v.flow_id, v.version, v.yaml, v.source_name, v.published_at, v.published_by, v.comment,
        (c.version IS NOT NULL AND c.version = v.version), v.kind
        """;

    private readonly IvrDatabase _database;
    private readonly TimeProvider _time;

    public NpgsqlFlowVersionStore(IvrDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }

    public async Task<IReadOnlyList<string>> SeedAsync(IReadOnlyList<FlowSeedFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var seeded = new List<string>();
        var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var now = _time.GetUtcNow();
                foreach (var file in files)
                {
                    CheckFlowId(file.FlowId);
                    await LockFlowAsync(connection, file.FlowId, cancellationToken).ConfigureAwait(false);
                    var inserted = await ExecuteAsync(
                        connection,
                        """
                        INSERT INTO flow_versions (flow_id, version, yaml, source_name, published_at, published_by, comment, kind)
                        SELECT $1, 1, $2, $3, $4, 'seed', 'seeded from ' || $3, $5
                        WHERE NOT EXISTS (SELECT 1 FROM flow_versions WHERE flow_id = $1)
                        """,
                        cancellationToken,
                        file.FlowId,
                        file.Yaml,
                        file.SourceName,
                        now,
                        KindText(file.Kind)).ConfigureAwait(false);
                    if (inserted == 1)
                    {
                        await MakeCurrentAsync(connection, file.FlowId, 1, now, cancellationToken).ConfigureAwait(false);
                        seeded.Add(file.FlowId);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return seeded;
    }

    public Task<FlowVersion> PublishAsync(
        string flowId, string yaml, string sourceName, string publishedBy, string? comment, CancellationToken cancellationToken) =>
        PublishAsync(flowId, yaml, sourceName, publishedBy, comment, expectedCurrentVersion: null, audit: null, cancellationToken);

    public Task<FlowVersion> PublishAsync(
        string flowId, string yaml, string sourceName, string publishedBy, string? comment, int? expectedCurrentVersion,
        AdminAuditEntry? audit, CancellationToken cancellationToken) =>
        PublishAsync(DefinitionKind.Menu, flowId, yaml, sourceName, publishedBy, comment, expectedCurrentVersion, audit, cancellationToken);

    public async Task<FlowVersion> PublishAsync(
        DefinitionKind kind, string flowId, string yaml, string sourceName, string publishedBy, string? comment, int? expectedCurrentVersion,
        AdminAuditEntry? audit, CancellationToken cancellationToken)
    {
        CheckFlowId(flowId);
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        ArgumentException.ThrowIfNullOrWhiteSpace(publishedBy);
        var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Held until commit: the next publisher of this flow reads the maximum after our insert.
                await LockFlowAsync(connection, flowId, cancellationToken).ConfigureAwait(false);
                if (await KindAsync(connection, flowId, cancellationToken).ConfigureAwait(false) is { } stored && stored != kind)
                {
                    throw new FlowKindMismatchException(flowId, stored, kind);
                }

                if (expectedCurrentVersion is { } expected)
                {
                    var current = await CurrentVersionAsync(connection, flowId, cancellationToken).ConfigureAwait(false);
                    if (current != expected)
                    {
                        throw new FlowVersionConflictException(flowId, expected, current);
                    }
                }

                var now = _time.GetUtcNow();
                var command = new NpgsqlCommand(
                    """
                    INSERT INTO flow_versions (flow_id, version, yaml, source_name, published_at, published_by, comment, kind)
                    SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7 FROM flow_versions WHERE flow_id = $1
                    RETURNING version
                    """,
                    connection);
                int version;
                await using (command.ConfigureAwait(false))
                {
                    Add(command, flowId, yaml, sourceName, now, publishedBy, (object?)comment ?? DBNull.Value, KindText(kind));
                    version = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                }

                await MakeCurrentAsync(connection, flowId, version, now, cancellationToken).ConfigureAwait(false);
                if (audit is not null)
                {
                    await NpgsqlAdminAuditLog.AppendAsync(connection, audit with { Version = version }, cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new FlowVersion(flowId, version, yaml, sourceName, now, publishedBy, comment, IsCurrent: true) { Kind = kind };
            }
        }
    }

    public async Task<FlowVersion> RollbackAsync(string flowId, int version, CancellationToken cancellationToken) =>
        (await RollbackAsync(flowId, version, audit: null, cancellationToken).ConfigureAwait(false)).Current;

    public async Task<(FlowVersion Current, int PreviousVersion)> RollbackAsync(
        string flowId, int version, AdminAuditEntry? audit, CancellationToken cancellationToken)
    {
        CheckFlowId(flowId);
        int previous;
        var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await LockFlowAsync(connection, flowId, cancellationToken).ConfigureAwait(false);
                var exists = await ExecuteAsync(
                    connection,
                    "SELECT 1 FROM flow_versions WHERE flow_id = $1 AND version = $2",
                    cancellationToken,
                    flowId,
                    version).ConfigureAwait(false);
                if (exists != 1)
                {
                    throw new FlowVersionNotFoundException(flowId, version);
                }

                previous = await CurrentVersionAsync(connection, flowId, cancellationToken).ConfigureAwait(false) ?? version;
                await MakeCurrentAsync(connection, flowId, version, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                if (audit is not null)
                {
                    var from = string.Create(CultureInfo.InvariantCulture, $"from version {previous}");
                    var detail = string.IsNullOrEmpty(audit.Detail) ? from : from + ": " + audit.Detail;
                    await NpgsqlAdminAuditLog.AppendAsync(connection, audit with { Version = version, Detail = detail }, cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var current = await GetAsync(flowId, version, cancellationToken).ConfigureAwait(false)
            ?? throw new FlowVersionNotFoundException(flowId, version);
        return (current, previous);
    }

    public async Task<FlowVersion?> GetCurrentAsync(string flowId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flowId);
        var versions = await QueryVersionsAsync(
            $"SELECT {VersionColumns} FROM flow_current c JOIN flow_versions v USING (flow_id, version) WHERE c.flow_id = $1",
            cancellationToken,
            flowId).ConfigureAwait(false);
        return versions.Count == 0 ? null : versions[0];
    }

    public async Task<int?> GetCurrentVersionNumberAsync(string flowId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flowId);
        var command = _database.DataSource.CreateCommand("SELECT version FROM flow_current WHERE flow_id = $1");
        await using (command.ConfigureAwait(false))
        {
            Add(command, flowId);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int version ? version : null;
        }
    }

    public async Task<FlowVersion?> GetAsync(string flowId, int version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flowId);
        var versions = await QueryVersionsAsync(
            $"SELECT {VersionColumns} FROM flow_versions v LEFT JOIN flow_current c ON c.flow_id = v.flow_id WHERE v.flow_id = $1 AND v.version = $2",
            cancellationToken,
            flowId,
            version).ConfigureAwait(false);
        return versions.Count == 0 ? null : versions[0];
    }

    public Task<IReadOnlyList<FlowVersion>> ListVersionsAsync(string flowId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flowId);
        return QueryVersionsAsync(
            $"SELECT {VersionColumns} FROM flow_versions v LEFT JOIN flow_current c ON c.flow_id = v.flow_id WHERE v.flow_id = $1 ORDER BY v.version DESC",
            cancellationToken,
            flowId);
    }

    public Task<IReadOnlyList<FlowSummary>> ListFlowsAsync(CancellationToken cancellationToken) => ListFlowsAsync(null, cancellationToken);

    public Task<IReadOnlyList<FlowSummary>> ListFlowsAsync(DefinitionKind kind, CancellationToken cancellationToken) =>
        ListFlowsAsync((DefinitionKind?)kind, cancellationToken);

    public async Task<DefinitionKind?> GetKindAsync(string flowId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flowId);
        var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await KindAsync(connection, flowId, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<FlowSummary>> ListFlowsAsync(DefinitionKind? kind, CancellationToken cancellationToken)
    {
        var command = _database.DataSource.CreateCommand("""
            SELECT c.flow_id, c.version, m.latest, c.changed_at, m.kind
            FROM flow_current c
            CROSS JOIN LATERAL (SELECT max(v.version) AS latest, min(v.kind) AS kind FROM flow_versions v WHERE v.flow_id = c.flow_id) m
            WHERE $1::text IS NULL OR m.kind = $1
            ORDER BY c.flow_id
            """);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = kind is { } k ? KindText(k) : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            var flows = new List<FlowSummary>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    flows.Add(new FlowSummary(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3))
                    {
                        Kind = ToKind(reader.GetString(4)),
                    });
                }
            }

            return flows;
        }
    }

    private async Task<IReadOnlyList<FlowVersion>> QueryVersionsAsync(string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        var command = _database.DataSource.CreateCommand(sql);
        await using (command.ConfigureAwait(false))
        {
            Add(command, parameters);
            var versions = new List<FlowVersion>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    versions.Add(new FlowVersion(
                        reader.GetString(0),
                        reader.GetInt32(1),
                        reader.GetString(2),
                        reader.GetString(3),
                        reader.GetFieldValue<DateTimeOffset>(4),
                        reader.GetString(5),
                        reader.IsDBNull(6) ? null : reader.GetString(6),
                        reader.GetBoolean(7))
                    {
                        Kind = ToKind(reader.GetString(8)),
                    });
                }
            }

            return versions;
        }
    }

    private static async Task<int?> CurrentVersionAsync(NpgsqlConnection connection, string flowId, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand("SELECT version FROM flow_current WHERE flow_id = $1", connection);
        await using (command.ConfigureAwait(false))
        {
            Add(command, flowId);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int version ? version : null;
        }
    }

    private static async Task<DefinitionKind?> KindAsync(NpgsqlConnection connection, string flowId, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand("SELECT kind FROM flow_versions WHERE flow_id = $1 LIMIT 1", connection);
        await using (command.ConfigureAwait(false))
        {
            Add(command, flowId);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string text ? ToKind(text) : null;
        }
    }

    private static string KindText(DefinitionKind kind) => kind switch
    {
        DefinitionKind.Menu => "menu",
        DefinitionKind.Survey => "survey",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown flow kind."),
    };

    private static DefinitionKind ToKind(string text) => text switch
    {
        "menu" => DefinitionKind.Menu,
        "survey" => DefinitionKind.Survey,
        _ => throw new InvalidDataException($"Unknown flow kind '{text}'."),
    };

    private static Task LockFlowAsync(NpgsqlConnection connection, string flowId, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, "SELECT pg_advisory_xact_lock($1, hashtext($2))", cancellationToken, AdvisoryLockClass, flowId);

    private static Task<int> MakeCurrentAsync(NpgsqlConnection connection, string flowId, int version, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(
            connection,
            """
            INSERT INTO flow_current (flow_id, version, changed_at) VALUES ($1, $2, $3)
            ON CONFLICT (flow_id) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at
            """,
            cancellationToken,
            flowId,
            version,
            now);

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            Add(command, parameters);
            if (sql.StartsWith("SELECT", StringComparison.Ordinal))
            {
                var rows = 0;
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        rows++;
                    }
                }

                return rows;
            }

            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Add(NpgsqlCommand command, params object[] parameters)
    {
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
    }

    private static void CheckFlowId(string flowId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flowId);
        if (flowId.Length > 100)
        {
            throw new ArgumentException($"A flow id is at most 100 characters; '{flowId[..20]}…' has {flowId.Length}.", nameof(flowId));
        }
    }
}
