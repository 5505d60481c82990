using IvrService.Flows;

namespace IvrService.Storage.Internal;

/// <summary>
/// The journal of one run of a flow on one call: each step becomes a <c>call_steps</c> row as it happens,
/// numbered from 1 in the order the engine wrote them.
/// </summary>
internal sealed class NpgsqlFlowJournal : IFlowJournal
{
    private readonly IvrDatabase _database;
    private readonly string _callId;
    private readonly long? _callRecordId;
    private readonly string _flowId;
    private readonly int _flowVersion;
    private int _seq;

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
        var seq = Interlocked.Increment(ref _seq);
        var command = _database.DataSource.CreateCommand("""
            INSERT INTO call_steps (call_id, call_record_id, seq, at, node_id, kind, detail, flow_id, flow_version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = _callId });
            command.Parameters.Add(new() { Value = _callRecordId is { } id ? id : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            command.Parameters.Add(new() { Value = seq });
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
