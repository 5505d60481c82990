using IvrService.Flows;

namespace IvrService.Storage.Internal;

/// <summary>
/// The journal of one run of a flow on one call: each step becomes a <c>call_steps</c> row as it happens, numbered
/// after the steps the call already has (its call record's, or its Call-ID's when it has no record). A call is one
/// sequence from 1 whatever runs on it: a call-in's survey, then its menu. The engines write a run's steps one at a
/// time, each awaited, so the next number is read and taken in the one INSERT.
/// </summary>
internal sealed class NpgsqlFlowJournal : IFlowJournal
{
    private readonly IvrDatabase _database;
    private readonly string _callId;
    private readonly long? _callRecordId;
    private readonly string _flowId;
    private readonly int _flowVersion;

    private const string InsertByRecord = """
        INSERT INTO call_steps (call_id, call_record_id, seq, at, node_id, kind, detail, flow_id, flow_version)
        SELECT $1, $2, coalesce(max(seq), 0) + 1, $3, $4, $5, $6, $7, $8 FROM call_steps WHERE call_record_id = $2
        """;

    private const string InsertByCallId = """
        INSERT INTO call_steps (call_id, call_record_id, seq, at, node_id, kind, detail, flow_id, flow_version)
        SELECT $1, $2, coalesce(max(seq), 0) + 1, $3, $4, $5, $6, $7, $8 FROM call_steps WHERE call_id = $1 AND call_record_id IS NULL
        """;

    public NpgsqlFlowJournal(IvrDatabase database, string callId, long? callRecordId, string flowId, int flowVersion)
    {
        _database = database;
        _callId = callId;
        _callRecordId = callRecordId;
        _flowId = flowId;
        _flowVersion = flowVersion;
    }

    public async Task WriteAsync(FlowStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        var command = _database.DataSource.CreateCommand(_callRecordId is null ? InsertByCallId : InsertByRecord);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = _callId });
            command.Parameters.Add(new() { Value = _callRecordId is { } id ? id : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            command.Parameters.Add(new() { Value = step.At.ToUniversalTime() });
            command.Parameters.Add(new() { Value = step.NodeId });
            command.Parameters.Add(new() { Value = FlowText.From(step.Kind) });
            command.Parameters.Add(new() { Value = (object?)step.Detail ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new() { Value = _flowId });
            command.Parameters.Add(new() { Value = _flowVersion });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
