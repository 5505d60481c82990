using IvrService.Flows;

namespace IvrService.Storage.Internal;

/// <summary><see cref="ICallStepStore"/> on <c>call_steps</c>.</summary>
internal sealed class NpgsqlCallStepStore : ICallStepStore
{
    private readonly IvrDatabase _database;

    public NpgsqlCallStepStore(IvrDatabase database)
    {
        _database = database;
    }

    public IFlowJournal OpenJournal(string callId, long? callRecordId, string flowId, int flowVersion)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        ArgumentException.ThrowIfNullOrEmpty(flowId);
        return new NpgsqlFlowJournal(_database, callId, callRecordId, flowId, flowVersion);
    }

    public async Task<IReadOnlyList<CallStep>> GetStepsAsync(string callId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callId);

        // A reused Call-ID: the steps of the latest call record win; steps without a record come last.
        var command = _database.DataSource.CreateCommand($"""
            SELECT {CallStepRows.Columns} FROM call_steps
            WHERE call_id = $1 AND call_record_id IS NOT DISTINCT FROM
                (SELECT max(call_record_id) FROM call_steps WHERE call_id = $1)
            ORDER BY seq, id
            """);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = callId });
            return await CallStepRows.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }
}
