using Npgsql;

namespace IvrService.IntegrationTests.HappyCalls;

/// <summary>Reads what the product stored about happy calls straight from the tables, for exact assertions.</summary>
public sealed class HappyCallRows(string connectionString)
{
    public Task<List<AttemptRow>> AttemptsAsync(long happyCallId, CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT attempt, outcome, sip_status, call_record_id FROM happy_call_attempts WHERE happy_call_id = $1 ORDER BY attempt",
            r => new AttemptRow(r.GetInt32(0), Nullable<string>(r, 1), r.IsDBNull(2) ? null : r.GetInt32(2), r.IsDBNull(3) ? null : r.GetInt64(3)),
            cancellationToken,
            happyCallId);

    /// <summary>How many entries the results stream's change table holds for the happy call.</summary>
    public async Task<long> ChangeCountAsync(long happyCallId, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT count(*) FROM survey_result_changes WHERE happy_call_id = $1", r => r.GetInt64(0), cancellationToken, happyCallId))[0];

    /// <summary>The do-not-call row of a number as (reason, added_by), or null.</summary>
    public async Task<(string Reason, string AddedBy)?> DoNotCallAsync(string phone, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync("SELECT reason, added_by FROM do_not_call WHERE phone = $1", r => (r.GetString(0), r.GetString(1)), cancellationToken, phone);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<OutboundCallRow> CallRecordAsync(long id, CancellationToken cancellationToken) =>
        (await QueryAsync(
            "SELECT id, direction, caller, called, to_uri, end_reason, flow_outcome, flow_id, flow_version FROM call_records WHERE id = $1",
            r => new OutboundCallRow(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), Nullable<string>(r, 5), Nullable<string>(r, 6))
            {
                Flow = (Nullable<string>(r, 7), r.IsDBNull(8) ? null : r.GetInt32(8)),
            },
            cancellationToken,
            id)).Single();

    /// <summary>The survey parts a call went through, in order (the node ids of its <c>node_entered</c> steps).</summary>
    public Task<List<string>> SurveyNodesAsync(long callRecordId, CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT node_id FROM call_steps WHERE call_record_id = $1 AND kind = 'node_entered' ORDER BY seq",
            r => r.GetString(0),
            cancellationToken,
            callRecordId);

    /// <summary>A call's steps as (seq, flow_id), in the order they were written.</summary>
    public Task<List<(int Seq, string FlowId)>> StepOrderAsync(long callRecordId, CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT seq, flow_id FROM call_steps WHERE call_record_id = $1 ORDER BY id",
            r => (r.GetInt32(0), r.GetString(1)),
            cancellationToken,
            callRecordId);

    /// <summary>The last step of a call's path (the survey's outcome step), as "kind: detail".</summary>
    public async Task<string> LastStepAsync(long callRecordId, CancellationToken cancellationToken) =>
        (await QueryAsync(
            "SELECT kind || ': ' || coalesce(detail, '') FROM call_steps WHERE call_record_id = $1 ORDER BY seq DESC LIMIT 1",
            r => r.GetString(0),
            cancellationToken,
            callRecordId)).Single();

    /// <summary>The Hangfire state of a job (Enqueued, Scheduled, Processing, Succeeded, …).</summary>
    public async Task<string?> JobStateAsync(string jobId, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT statename FROM hangfire.job WHERE id = $1", r => Nullable<string>(r, 0), cancellationToken, long.Parse(jobId, System.Globalization.CultureInfo.InvariantCulture)))
            .SingleOrDefault();

    /// <summary>A job's state changes in order, as "name (reason)" joined by " → ", for failure messages.</summary>
    public async Task<string> JobHistoryAsync(string jobId, CancellationToken cancellationToken) =>
        string.Join(" → ", await QueryAsync(
            "SELECT name || ' (' || coalesce(reason, '') || ') at ' || createdat::text FROM hangfire.state WHERE jobid = $1 ORDER BY id",
            r => r.GetString(0),
            cancellationToken,
            long.Parse(jobId, System.Globalization.CultureInfo.InvariantCulture)));

    private static T? Nullable<T>(NpgsqlDataReader reader, int ordinal)
        where T : class => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);

    private async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
