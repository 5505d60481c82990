using Npgsql;

namespace IvrService.Storage.Internal;

/// <summary>
/// <see cref="ICallReportQueries"/> on <c>call_records</c> and <c>call_steps</c>. The caller computes the period
/// boundaries (calendar and time zone are its business); the database puts each call in its period with
/// <c>width_bucket</c> over the boundaries and counts per period and for the whole range in one pass
/// (<c>GROUPING SETS</c>). Both statements run in one batch, one round trip.
/// </summary>
internal sealed class NpgsqlCallReportQueries : ICallReportQueries
{
    /// <summary>
    /// The calls of the report, each with its period number (1 for the first period). Parameters: $1 the
    /// boundaries, $2 the called number or null, $3 the flow id or null. The report reads only the steps of the
    /// call's menu (its <c>flow_id</c>, when the record has one): a call-in's survey, on the same call before it, has
    /// steps of its own (a comment is a <c>recorded</c> step) that are not the menu's.
    /// </summary>
    private const string CallsSql = """
        calls AS (
            SELECT c.id, width_bucket(c.offered_at, $1::timestamptz[]) AS period,
                   c.answered_at, c.ended_at, c.flow_outcome, c.flow_id
            FROM call_records c
            WHERE c.direction = 'inbound'
              AND c.offered_at >= ($1::timestamptz[])[1]
              AND c.offered_at < ($1::timestamptz[])[array_length($1::timestamptz[], 1)]
              AND ($2::text IS NULL OR c.called = $2)
              AND ($3::text IS NULL OR c.flow_id = $3)
        )
        """;

    private const string CountsSql = "WITH " + CallsSql + """
        ,
        marked AS (
            SELECT calls.*,
                   EXISTS (SELECT 1 FROM call_steps s WHERE s.call_record_id = calls.id AND (calls.flow_id IS NULL OR s.flow_id = calls.flow_id) AND s.kind = 'recorded') AS message_left,
                   EXISTS (SELECT 1 FROM call_steps s WHERE s.call_record_id = calls.id AND (calls.flow_id IS NULL OR s.flow_id = calls.flow_id) AND s.kind = 'callback') AS callback
            FROM calls
        )
        SELECT GROUPING(period) = 1 AS is_total, period,
               count(*),
               count(answered_at),
               count(*) FILTER (WHERE flow_outcome = 'abandoned'),
               count(*) FILTER (WHERE flow_outcome = 'transferred'),
               count(*) FILTER (WHERE message_left),
               count(*) FILTER (WHERE callback),
               avg(GREATEST(ended_at - answered_at, interval '0')) FILTER (WHERE answered_at IS NOT NULL AND ended_at IS NOT NULL)
        FROM marked
        GROUP BY GROUPING SETS ((period), ())
        """;

    /// <summary>
    /// Menu choices: a <c>digits</c> step at a node entered as a <c>menu</c> whose next step (in the call's order)
    /// enters another node — the key was a valid option and led there. $4 the menu node or null.
    /// </summary>
    private const string ChoicesSql = "WITH " + CallsSql + """
        ,
        steps AS (
            SELECT s.call_record_id, c.period, s.flow_id, s.node_id, s.kind, s.detail,
                   lead(s.kind) OVER next_step AS next_kind,
                   lead(s.node_id) OVER next_step AS next_node,
                   bool_or(s.kind = 'node_entered' AND s.detail = 'menu') OVER (PARTITION BY s.call_record_id, s.node_id) AS at_menu
            FROM call_steps s
            JOIN calls c ON c.id = s.call_record_id AND (c.flow_id IS NULL OR s.flow_id = c.flow_id)
            WINDOW next_step AS (PARTITION BY s.call_record_id ORDER BY s.seq, s.id)
        ),
        choices AS (
            SELECT period, call_record_id, flow_id, node_id AS menu, detail AS key, next_node AS target
            FROM steps
            WHERE kind = 'digits' AND next_kind = 'node_entered' AND at_menu AND detail IS NOT NULL
              AND ($4::text IS NULL OR node_id = $4)
        )
        SELECT GROUPING(period) = 1 AS is_total, period, flow_id, menu, key, target,
               count(DISTINCT call_record_id), count(*)
        FROM choices
        GROUP BY GROUPING SETS ((period, flow_id, menu, key, target), (flow_id, menu, key, target))
        ORDER BY 1, 2, flow_id, menu, strpos('123456789*0#ABCD', key), key, target
        """;

    private readonly IvrDatabase _database;

    public NpgsqlCallReportQueries(IvrDatabase database)
    {
        _database = database;
    }

    public async Task<InboundReportData> GetInboundAsync(InboundReportQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var boundaries = ReportBoundaries.ToUtc(query.Boundaries, nameof(query));
        var periods = new InboundPeriodCounts[query.PeriodCount];
        Array.Fill(periods, InboundPeriodCounts.Empty);
        var periodChoices = new List<MenuChoiceCount>[query.PeriodCount];
        for (var i = 0; i < periodChoices.Length; i++)
        {
            periodChoices[i] = [];
        }

        var total = InboundPeriodCounts.Empty;
        var totalChoices = new List<MenuChoiceCount>();

        var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var batch = new NpgsqlBatch(connection);
            await using (batch.ConfigureAwait(false))
            {
                var counts = new NpgsqlBatchCommand(CountsSql);
                AddCallParameters(counts, boundaries, query);
                batch.BatchCommands.Add(counts);
                var choices = new NpgsqlBatchCommand(ChoicesSql);
                AddCallParameters(choices, boundaries, query);
                choices.Parameters.Add(ReportBoundaries.Text(query.MenuNodeId));
                batch.BatchCommands.Add(choices);

                var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var row = new InboundPeriodCounts(
                            reader.GetInt64(2),
                            reader.GetInt64(3),
                            reader.GetInt64(4),
                            reader.GetInt64(5),
                            reader.GetInt64(6),
                            reader.GetInt64(7),
                            reader.IsDBNull(8) ? null : reader.GetFieldValue<TimeSpan>(8));
                        if (reader.GetBoolean(0))
                        {
                            total = row;
                        }
                        else
                        {
                            periods[ReportBoundaries.PeriodIndex(reader.GetInt32(1), periods.Length)] = row;
                        }
                    }

                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var choice = new MenuChoiceCount(
                            reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetInt64(6), reader.GetInt64(7));
                        if (reader.GetBoolean(0))
                        {
                            totalChoices.Add(choice);
                        }
                        else
                        {
                            periodChoices[ReportBoundaries.PeriodIndex(reader.GetInt32(1), periods.Length)].Add(choice);
                        }
                    }
                }
            }
        }

        return new InboundReportData(periods, periodChoices, total, totalChoices);
    }

    private static void AddCallParameters(NpgsqlBatchCommand command, DateTime[] boundaries, InboundReportQuery query)
    {
        command.Parameters.Add(ReportBoundaries.Parameter(boundaries));
        command.Parameters.Add(ReportBoundaries.Text(query.Called));
        command.Parameters.Add(ReportBoundaries.Text(query.FlowId));
    }
}
