using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace IvrService.Storage.Internal;

/// <summary>
/// <see cref="ICallRecordQueries"/> on <c>call_records</c>: keyset pagination over the index
/// (offered_at DESC, id DESC), bounded by the snapshot's highest id.
/// </summary>
internal sealed class NpgsqlCallRecordQueries : ICallRecordQueries
{
    /// <summary>The page's snapshot: the cursor's ($1), or on the first page the highest id now.</summary>
    private const string SnapshotMaxId = "COALESCE($1::bigint, (SELECT max(id) FROM call_records), 0)";

    private readonly IvrDatabase _database;

    public NpgsqlCallRecordQueries(IvrDatabase database)
    {
        _database = database;
    }

    public async Task<CallRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var command = _database.DataSource.CreateCommand(
            $"SELECT {NpgsqlCallRecordStore.Columns} FROM call_records WHERE id = $1");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = id });
            var records = await NpgsqlCallRecordStore.ReadAsync(command, cancellationToken).ConfigureAwait(false);
            return records.Count == 0 ? null : records[0];
        }
    }

    public async Task<CallRecordDetail?> GetDetailAsync(long id, CancellationToken cancellationToken)
    {
        // One batch, one round trip: the API's GetCall otherwise waited on the database three times in a row.
        var batch = _database.DataSource.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            batch.BatchCommands.Add(ById($"SELECT {NpgsqlCallRecordStore.Columns} FROM call_records WHERE id = $1", id));
            batch.BatchCommands.Add(ById($"SELECT {CallStepRows.Columns} FROM call_steps WHERE call_record_id = $1 ORDER BY seq, id", id));
            batch.BatchCommands.Add(ById($"SELECT {NpgsqlCallRecordStore.DigitColumns} FROM call_digits WHERE call_record_id = $1 ORDER BY id", id));
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                var record = NpgsqlCallRecordStore.ReadRecord(reader);
                var steps = new List<CallStep>();
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    steps.Add(CallStepRows.Read(reader));
                }

                var digits = new List<CallDigit>();
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    digits.Add(NpgsqlCallRecordStore.ReadDigit(reader));
                }

                return new CallRecordDetail(record, steps, digits);
            }
        }
    }

    public async Task<CallRecordPage> ListPageAsync(
        CallRecordFilter filter, CallRecordCursor? after, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, ICallRecordQueries.MaxPageSize);

        // The first page fixes the snapshot (the highest id then) in the same statement, one round trip; later pages bring
        // it in their cursor. Both uses of the expression are evaluated once (an InitPlan each) on the statement's snapshot.
        var command = _database.DataSource.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            var sql = new StringBuilder($"SELECT {NpgsqlCallRecordStore.Columns}, {SnapshotMaxId} FROM call_records WHERE id <= {SnapshotMaxId}");
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.SnapshotMaxId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
            void Where(string clause, object value, NpgsqlDbType? type = null)
            {
                var parameter = new NpgsqlParameter { Value = value };
                if (type is { } dbType)
                {
                    parameter.NpgsqlDbType = dbType;
                }

                command.Parameters.Add(parameter);
                sql.Append(" AND ").Append(clause.Replace("@", "$" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
            }

            if (filter.Direction is { } direction)
            {
                Where("direction = @", CallRecordText.From(direction));
            }

            if (filter.OfferedFrom is { } from)
            {
                Where("offered_at >= @", from.ToUniversalTime());
            }

            if (filter.OfferedBefore is { } before)
            {
                Where("offered_at < @", before.ToUniversalTime());
            }

            if (!string.IsNullOrEmpty(filter.Caller))
            {
                Where("caller = @", filter.Caller);
            }

            if (filter.EndReasons is { Count: > 0 } reasons)
            {
                var texts = new string[reasons.Count];
                for (var i = 0; i < texts.Length; i++)
                {
                    texts[i] = CallRecordText.From(reasons[i]);
                }

                Where("end_reason = ANY(@)", texts, NpgsqlDbType.Array | NpgsqlDbType.Text);
            }

            if (filter.FlowResults is { Count: > 0 } results)
            {
                var texts = new string[results.Count];
                for (var i = 0; i < texts.Length; i++)
                {
                    texts[i] = FlowText.From(results[i]);
                }

                Where("flow_outcome = ANY(@)", texts, NpgsqlDbType.Array | NpgsqlDbType.Text);
            }

            if (!string.IsNullOrEmpty(filter.EnteredNodeId))
            {
                Where(
                    "EXISTS (SELECT 1 FROM call_steps s WHERE s.call_record_id = call_records.id AND s.node_id = @ AND s.kind = 'node_entered')",
                    filter.EnteredNodeId);
            }

            if (after is not null)
            {
                command.Parameters.Add(new() { Value = after.OfferedAt.ToUniversalTime() });
                command.Parameters.Add(new() { Value = after.Id });
                var count = command.Parameters.Count;
                sql.Append(CultureInfo.InvariantCulture, $" AND (offered_at, id) < (${count - 1}, ${count})");
            }

            command.Parameters.Add(new() { Value = pageSize + 1 });
            sql.Append(CultureInfo.InvariantCulture, $" ORDER BY offered_at DESC, id DESC LIMIT ${command.Parameters.Count}");
            command.CommandText = sql.ToString();

            var records = new List<CallRecord>(Math.Min(pageSize + 1, 64));
            long snapshotMaxId = 0;
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    records.Add(NpgsqlCallRecordStore.ReadRecord(reader));
                    snapshotMaxId = reader.GetInt64(NpgsqlCallRecordStore.ColumnCount);
                }
            }

            if (records.Count <= pageSize)
            {
                return new CallRecordPage(records, null);
            }

            records.RemoveAt(records.Count - 1);
            var last = records[^1];
            return new CallRecordPage(records, new CallRecordCursor(last.OfferedAt, last.Id, snapshotMaxId));
        }
    }

    private static NpgsqlBatchCommand ById(string sql, long id)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new() { Value = id });
        return command;
    }
}
