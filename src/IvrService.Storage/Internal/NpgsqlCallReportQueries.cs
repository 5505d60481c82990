using Npgsql;

namespace IvrService.Storage.Internal;

/// <summary>
/// <see cref="ICallReportQueries"/> on <c>call_records</c>. The caller computes the period boundaries (calendar and
/// time zone are its business); the database puts each call in its period with <c>width_bucket</c> over the
/// boundaries, counts per period, then per period and for the whole range (<c>GROUPING SETS</c> over the few
/// per-period rows). What the figures need from a call's steps comes from the summary stored on the call
/// (migration 0008), so a year's report reads the calls alone. Both statements run in one batch, one round trip.
/// </summary>
internal sealed class NpgsqlCallReportQueries : ICallReportQueries
{
    /// <summary>
    /// The calls of the report, each with its period number (1 for the first period) and its stored step summary
    /// (null while not summarised: in progress, or ended by an older version). The summary reads only the steps of
    /// the call's menu (<c>call_step_summary</c>): a call-in's survey, before the menu on the same call, has steps of
    /// its own. Parameters: $1 the boundaries, $2 the called number or null, $3 the flow id or null.
    /// </summary>
    private const string CallsSql = """
        calls AS NOT MATERIALIZED (
            SELECT c.id, width_bucket(c.offered_at, $1::timestamptz[]) AS period,
                   c.answered_at, c.ended_at, c.flow_outcome,
                   c.menu_choices, c.has_message, c.has_callback, c.summarised_steps
            FROM call_records c
            WHERE c.direction = 'inbound'
              AND c.offered_at >= ($1::timestamptz[])[1]
              AND c.offered_at < ($1::timestamptz[])[array_length($1::timestamptz[], 1)]
              AND ($2::text IS NULL OR c.called = $2)
              AND ($3::text IS NULL OR c.flow_id = $3)
        )
        """;

    /// <summary>
    /// The figures per period and for the range. A call not summarised yet is summarised here from its steps
    /// (<c>call_step_summary</c>). The average talk time is the sum over the count, as <c>avg</c> computes it, so
    /// that the range's comes from the periods' sums. A range without calls has the total row alone, of zeros.
    /// </summary>
    private const string CountsSql = "WITH " + CallsSql + """
        ,
        summarised AS (
            SELECT period, answered_at, ended_at, flow_outcome, has_message, has_callback
            FROM calls
            WHERE summarised_steps IS NOT NULL
            UNION ALL
            SELECT c.period, c.answered_at, c.ended_at, c.flow_outcome, s.has_message, s.has_callback
            FROM calls c
            CROSS JOIN LATERAL call_step_summary(c.id) s
            WHERE c.summarised_steps IS NULL
        ),
        per_period AS (
            SELECT period,
                   count(*) AS offered,
                   count(answered_at) AS answered,
                   count(*) FILTER (WHERE flow_outcome = 'abandoned') AS abandoned,
                   count(*) FILTER (WHERE flow_outcome = 'transferred') AS transferred,
                   count(*) FILTER (WHERE has_message) AS messages,
                   count(*) FILTER (WHERE has_callback) AS callbacks,
                   sum(GREATEST(ended_at - answered_at, interval '0')) FILTER (WHERE answered_at IS NOT NULL AND ended_at IS NOT NULL) AS talk,
                   count(*) FILTER (WHERE answered_at IS NOT NULL AND ended_at IS NOT NULL) AS talks
            FROM summarised
            GROUP BY period
        )
        SELECT GROUPING(period) = 1 AS is_total, period,
               COALESCE(sum(offered), 0)::bigint, COALESCE(sum(answered), 0)::bigint,
               COALESCE(sum(abandoned), 0)::bigint, COALESCE(sum(transferred), 0)::bigint,
               COALESCE(sum(messages), 0)::bigint, COALESCE(sum(callbacks), 0)::bigint,
               sum(talk) / NULLIF(sum(talks), 0)::float8
        FROM per_period
        GROUP BY GROUPING SETS ((period), ())
        """;

    /// <summary>
    /// Menu choices, from the calls' summaries (<c>call_step_summary</c> in the migrations says what a choice is; a
    /// call not summarised yet is summarised here). A summary names each (flow, menu, key, target) once with how
    /// often it was chosen, so its rows count calls. $4 the menu node or null.
    /// </summary>
    private const string ChoicesSql = "WITH " + CallsSql + """
        ,
        choices AS (
            SELECT c.period, m.flow_id, m.menu, m.key, m.target, m.times
            FROM calls c
            CROSS JOIN LATERAL unnest(c.menu_choices) m
            WHERE c.summarised_steps IS NOT NULL
            UNION ALL
            SELECT c.period, m.flow_id, m.menu, m.key, m.target, m.times
            FROM calls c
            CROSS JOIN LATERAL call_step_summary(c.id) s
            CROSS JOIN LATERAL unnest(s.menu_choices) m
            WHERE c.summarised_steps IS NULL
        ),
        per_period AS (
            SELECT period, flow_id, menu, key, target, count(*) AS calls, sum(times) AS times
            FROM choices
            WHERE $4::text IS NULL OR menu = $4
            GROUP BY period, flow_id, menu, key, target
        )
        SELECT GROUPING(period) = 1 AS is_total, period, flow_id, menu, key, target,
               sum(calls)::bigint, sum(times)::bigint
        FROM per_period
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
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var batch = new NpgsqlBatch(connection, transaction);
                await using (batch.ConfigureAwait(false))
                {
                    batch.BatchCommands.Add(ReportBoundaries.WithoutJit());
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

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
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
