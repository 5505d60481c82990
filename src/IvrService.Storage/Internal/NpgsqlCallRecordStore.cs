using Microsoft.Extensions.Logging;
using Npgsql;

namespace IvrService.Storage.Internal;

/// <summary><see cref="ICallRecordStore"/> on the <c>call_records</c> table, with plain parameterised SQL.</summary>
internal sealed class NpgsqlCallRecordStore : ICallRecordStore
{
    public const int MaxListLimit = 1000;

    internal const string Columns = """
        id, call_id, direction, from_uri, to_uri, caller, called, source_address, transport,
        offered_at, answered_at, ended_at, end_reason, sip_status, instance_id, recording_path,
        rtp_packets_sent, rtp_packets_received, rtp_packets_lost, rtp_jitter_ms, remote_loss_fraction, remote_jitter_ms,
        flow_id, flow_version, flow_outcome, language
        """;

    /// <summary>How many columns <see cref="Columns"/> names (a column after them is at this ordinal).</summary>
    internal const int ColumnCount = 26;

    /// <summary>The columns <see cref="ReadDigit"/> reads, in its order.</summary>
    internal const string DigitColumns = "digit, method, duration_ms, received_at";

    private readonly IvrDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<NpgsqlCallRecordStore> _logger;

    public NpgsqlCallRecordStore(IvrDatabase database, TimeProvider timeProvider, ILogger<NpgsqlCallRecordStore> logger)
    {
        _database = database;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task<long> RecordOfferedAsync(CallOffered call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentException.ThrowIfNullOrEmpty(call.CallId, nameof(call));
        ArgumentException.ThrowIfNullOrEmpty(call.InstanceId, nameof(call));

        var command = _database.DataSource.CreateCommand("""
            INSERT INTO call_records
                (call_id, direction, from_uri, to_uri, caller, called, source_address, transport, offered_at, instance_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            RETURNING id
            """);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = call.CallId });
            command.Parameters.Add(new() { Value = CallRecordText.From(call.Direction) });
            command.Parameters.Add(new() { Value = call.FromUri });
            command.Parameters.Add(new() { Value = call.ToUri });
            command.Parameters.Add(new() { Value = call.Caller });
            command.Parameters.Add(new() { Value = call.Called });
            command.Parameters.Add(new() { Value = call.SourceAddress });
            command.Parameters.Add(new() { Value = CallRecordText.From(call.Transport) });
            command.Parameters.Add(new() { Value = call.OfferedAt.ToUniversalTime() });
            command.Parameters.Add(new() { Value = call.InstanceId });
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    public async Task<bool> RecordAnsweredAsync(long id, DateTimeOffset answeredAt, CancellationToken cancellationToken)
    {
        var command = _database.DataSource.CreateCommand(
            "UPDATE call_records SET answered_at = $2 WHERE id = $1 AND answered_at IS NULL AND ended_at IS NULL");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = id });
            command.Parameters.Add(new() { Value = answeredAt.ToUniversalTime() });
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    public async Task<bool> RecordEndedAsync(
        long id, DateTimeOffset endedAt, CallEndReason reason, int? sipStatus, CancellationToken cancellationToken)
    {
        if (sipStatus is < 100 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(sipStatus), sipStatus, "A SIP status is between 100 and 699.");
        }

        var batch = _database.DataSource.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            var ended = new NpgsqlBatchCommand(
                "UPDATE call_records SET ended_at = $2, end_reason = $3, sip_status = $4 WHERE id = $1 AND ended_at IS NULL");
            ended.Parameters.Add(new() { Value = id });
            ended.Parameters.Add(new() { Value = endedAt.ToUniversalTime() });
            ended.Parameters.Add(new() { Value = CallRecordText.From(reason) });
            ended.Parameters.Add(new() { Value = sipStatus is { } status ? status : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
            batch.BatchCommands.Add(ended);
            batch.BatchCommands.Add(SummariseSteps(id));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return ended.RecordsAffected == 1;
        }
    }

    public async Task<CallRecord?> GetByCallIdAsync(string callId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callId);
        var command = _database.DataSource.CreateCommand(
            $"SELECT {Columns} FROM call_records WHERE call_id = $1 ORDER BY offered_at DESC, id DESC LIMIT 1");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = callId });
            var records = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
            return records.Count == 0 ? null : records[0];
        }
    }

    public async Task<IReadOnlyList<CallRecord>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxListLimit);
        var command = _database.DataSource.CreateCommand(
            $"SELECT {Columns} FROM call_records ORDER BY offered_at DESC, id DESC LIMIT $1");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = limit });
            return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<int> MarkInterruptedCallsAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var batch = _database.DataSource.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            var ended = new NpgsqlBatchCommand(
                "UPDATE call_records SET ended_at = $2, end_reason = $3 WHERE instance_id = $1 AND ended_at IS NULL");
            ended.Parameters.Add(new() { Value = instanceId });
            ended.Parameters.Add(new() { Value = _timeProvider.GetUtcNow() });
            ended.Parameters.Add(new() { Value = CallRecordText.From(CallEndReason.Interrupted) });
            batch.BatchCommands.Add(ended);

            // The instance runs no flow yet, so its ended calls have all their steps: any not summarised (these, or
            // one whose summary failed to be stored) is summarised now.
            var summarise = new NpgsqlBatchCommand("""
                SELECT summarise_call_steps(ARRAY(
                    SELECT id FROM call_records WHERE instance_id = $1 AND ended_at IS NOT NULL AND summarised_steps IS NULL))
                """);
            summarise.Parameters.Add(new() { Value = instanceId });
            batch.BatchCommands.Add(summarise);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            var count = ended.RecordsAffected;
            if (count > 0)
            {
                Log.InterruptedCallsMarked(_logger, count, instanceId);
            }

            return count;
        }
    }

    public async Task RecordDigitAsync(long id, CallDigit digit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digit);
        var command = _database.DataSource.CreateCommand(
            "INSERT INTO call_digits (call_record_id, digit, method, duration_ms, received_at) VALUES ($1, $2, $3, $4, $5)");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = id });
            command.Parameters.Add(new() { Value = digit.Digit.ToString() });
            command.Parameters.Add(new() { Value = CallRecordText.From(digit.Method) });
            command.Parameters.Add(new() { Value = (int)Math.Clamp(digit.Duration.TotalMilliseconds, 0, int.MaxValue) });
            command.Parameters.Add(new() { Value = digit.ReceivedAt.ToUniversalTime() });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<CallDigit>> GetDigitsAsync(long id, CancellationToken cancellationToken)
    {
        var command = _database.DataSource.CreateCommand(
            $"SELECT {DigitColumns} FROM call_digits WHERE call_record_id = $1 ORDER BY id");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = id });
            var digits = new List<CallDigit>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    digits.Add(ReadDigit(reader));
                }
            }

            return digits;
        }
    }

    public async Task SetRecordingPathAsync(long id, string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var command = _database.DataSource.CreateCommand("UPDATE call_records SET recording_path = $2 WHERE id = $1");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = id });
            command.Parameters.Add(new() { Value = path });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task RecordMediaQualityAsync(long id, CallMediaQuality quality, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quality);
        var command = _database.DataSource.CreateCommand("""
            UPDATE call_records SET rtp_packets_sent = $2, rtp_packets_received = $3, rtp_packets_lost = $4,
                rtp_jitter_ms = $5, remote_loss_fraction = $6, remote_jitter_ms = $7
            WHERE id = $1
            """);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = id });
            command.Parameters.Add(new() { Value = quality.PacketsSent });
            command.Parameters.Add(new() { Value = quality.PacketsReceived });
            command.Parameters.Add(new() { Value = quality.PacketsLost });
            command.Parameters.Add(new() { Value = quality.JitterMilliseconds });
            command.Parameters.Add(new() { Value = quality.RemoteLossFraction is { } loss ? loss : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double });
            command.Parameters.Add(new() { Value = quality.RemoteJitterMilliseconds is { } jitter ? jitter : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task RecordFlowOutcomeAsync(long id, CallFlowSummary flow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var batch = _database.DataSource.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            var outcome = new NpgsqlBatchCommand(
                "UPDATE call_records SET flow_id = $2, flow_version = $3, flow_outcome = $4, language = $5 WHERE id = $1");
            outcome.Parameters.Add(new() { Value = id });
            outcome.Parameters.Add(new() { Value = flow.FlowId });
            outcome.Parameters.Add(new() { Value = flow.FlowVersion });
            outcome.Parameters.Add(new() { Value = flow.Outcome });
            outcome.Parameters.Add(new() { Value = flow.Language });
            batch.BatchCommands.Add(outcome);
            batch.BatchCommands.Add(SummariseSteps(id));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stores the summary of the call's steps the reports read (migration 0008): in the batch (one transaction) that
    /// stores the flow's outcome, written after the flow's last step, and the one that ends the call. A summary of
    /// fewer steps than the stored one never replaces it.
    /// </summary>
    private static NpgsqlBatchCommand SummariseSteps(long id)
    {
        var command = new NpgsqlBatchCommand("SELECT summarise_call_steps(ARRAY[$1])");
        command.Parameters.Add(new() { Value = id });
        return command;
    }

    internal static async Task<List<CallRecord>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var records = new List<CallRecord>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                records.Add(ReadRecord(reader));
            }
        }

        return records;
    }

    /// <summary>The call record on the reader's current row (the columns of <see cref="Columns"/>).</summary>
    internal static CallRecord ReadRecord(NpgsqlDataReader reader) => new(
        Id: reader.GetInt64(0),
        CallId: reader.GetString(1),
        Direction: CallRecordText.ToDirection(reader.GetString(2)),
        FromUri: reader.GetString(3),
        ToUri: reader.GetString(4),
        Caller: reader.GetString(5),
        Called: reader.GetString(6),
        SourceAddress: reader.GetString(7),
        Transport: CallRecordText.ToTransport(reader.GetString(8)),
        OfferedAt: reader.GetFieldValue<DateTimeOffset>(9),
        AnsweredAt: reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
        EndedAt: reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
        EndReason: reader.IsDBNull(12) ? null : CallRecordText.ToEndReason(reader.GetString(12)),
        SipStatus: reader.IsDBNull(13) ? null : reader.GetInt32(13),
        InstanceId: reader.GetString(14),
        RecordingPath: reader.IsDBNull(15) ? null : reader.GetString(15),
        MediaQuality: reader.IsDBNull(16) ? null : new CallMediaQuality(
            reader.GetInt64(16),
            reader.GetInt64(17),
            reader.GetInt64(18),
            reader.GetDouble(19),
            reader.IsDBNull(20) ? null : reader.GetDouble(20),
            reader.IsDBNull(21) ? null : reader.GetDouble(21)),
        Flow: reader.IsDBNull(22) ? null : new CallFlowSummary(
            reader.GetString(22),
            reader.GetInt32(23),
            reader.GetString(24),
            reader.GetString(25)));

    /// <summary>The key press on the reader's current row (the columns of <see cref="DigitColumns"/>).</summary>
    internal static CallDigit ReadDigit(NpgsqlDataReader reader) => new(
        reader.GetString(0)[0],
        CallRecordText.ToDigitMethod(reader.GetString(1)),
        TimeSpan.FromMilliseconds(reader.GetInt32(2)),
        reader.GetFieldValue<DateTimeOffset>(3));
}
