using Npgsql;

namespace IvrService.Storage.Internal;

/// <summary>
/// <see cref="IHappyCallReportQueries"/> on <c>happy_calls</c>, <c>happy_call_attempts</c> and <c>survey_answers</c>.
/// As for the inbound report (<see cref="NpgsqlCallReportQueries"/>), the caller computes the period boundaries and the
/// database puts each row in its period with <c>width_bucket</c>, counting per period and group and per group over the
/// whole range in one pass (<c>GROUPING SETS</c>); a report's statements run in one batch, one round trip.
/// </summary>
internal sealed class NpgsqlHappyCallReportQueries : IHappyCallReportQueries
{
    /// <summary>The group key of a happy call <c>h</c> for the grouping in $2 (technician, service_type or null).</summary>
    private const string GroupKeyColumn =
        "CASE $2::text WHEN 'technician' THEN h.technician_id WHEN 'service_type' THEN h.service_type ELSE '' END AS group_key";

    /// <summary>The group key and name of a happy call <c>h</c>.</summary>
    private const string GroupColumns = GroupKeyColumn + ", CASE $2::text WHEN 'technician' THEN h.technician_name ELSE '' END AS group_name";

    /// <summary>The happy call <c>h</c> is of the technician $3 and the service type $4 (each null for all).</summary>
    private const string AttemptCallFilter = "($3::text IS NULL OR h.technician_id = $3) AND ($4::text IS NULL OR h.service_type = $4)";

    /// <summary>Where the happy call <c>h</c> stands: its outcome once final, else its state.</summary>
    private const string ResultColumn = "CASE WHEN h.outcome = 'none' THEN h.state ELSE h.outcome END AS result";

    /// <summary>
    /// The attempts of the report with their period, group, outcome (<c>in_progress</c> while open) and their happy
    /// call's standing (its outcome once final, else its state). $3 the technician or null, $4 the service type or null.
    /// </summary>
    private const string AttemptsSql = "WITH attempts AS (SELECT width_bucket(a.claimed_at, $1::timestamptz[]) AS period, a.happy_call_id, "
        + "coalesce(a.outcome, 'in_progress') AS outcome, " + ResultColumn + ", " + GroupColumns + """

            FROM happy_call_attempts a
            JOIN happy_calls h ON h.id = a.happy_call_id
            WHERE a.claimed_at >= ($1::timestamptz[])[1]
              AND a.claimed_at < ($1::timestamptz[])[array_length($1::timestamptz[], 1)]
              AND
        """ + AttemptCallFilter + """

        )
        """;

    /// <summary>Reached: an attempt answered by a person (the survey ran, whatever came of it).</summary>
    private const string AttemptFiguresSql = AttemptsSql + """
        SELECT GROUPING(period) = 1, period, group_key, max(group_name),
               count(DISTINCT happy_call_id), count(*),
               count(DISTINCT happy_call_id) FILTER (WHERE outcome IN ('completed', 'unfinished', 'opted_out'))
        FROM attempts
        GROUP BY GROUPING SETS ((period, group_key), (group_key))
        ORDER BY 1, 2, 3
        """;

    /// <summary>Attempts per outcome (<c>in_progress</c> while open): counted per period, the range's summed from those.</summary>
    private const string AttemptOutcomesSql = "WITH per_period AS (SELECT width_bucket(a.claimed_at, $1::timestamptz[]) AS period, "
        + GroupKeyColumn + ", coalesce(a.outcome, 'in_progress') AS outcome, count(*) AS attempts " + """

            FROM happy_call_attempts a
            JOIN happy_calls h ON h.id = a.happy_call_id
            WHERE a.claimed_at >= ($1::timestamptz[])[1]
              AND a.claimed_at < ($1::timestamptz[])[array_length($1::timestamptz[], 1)]
              AND
        """ + AttemptCallFilter + """

            GROUP BY 1, 2, 3
        )
        SELECT GROUPING(period) = 1, period, group_key, outcome, sum(attempts)::bigint
        FROM per_period
        GROUP BY GROUPING SETS ((period, group_key, outcome), (group_key, outcome))
        ORDER BY 1, 2, 3, 4
        """;

    private const string AttemptResultsSql = AttemptsSql + """
        SELECT GROUPING(period) = 1, period, group_key, result, count(DISTINCT happy_call_id)
        FROM attempts
        GROUP BY GROUPING SETS ((period, group_key, result), (group_key, result))
        ORDER BY 1, 2, 3, 4
        """;

    /// <summary>The happy call <c>h</c> is of the survey $3, the technician $4 and the service type $5 (each null for all).</summary>
    private const string ResultCallFilter =
        "($3::text IS NULL OR h.survey_id = $3) AND ($4::text IS NULL OR h.technician_id = $4) AND ($5::text IS NULL OR h.service_type = $5)";

    /// <summary>
    /// The results of the report: happy calls in a final state other than cancelled, each in the period of the time
    /// it became final (<c>happy_call_final_at</c>: the end of its last attempt; its last update when it has none).
    /// That time is stored on the call when it becomes final (migration 0011; only final calls have it), so the range
    /// is read by its index; a final call without it yet (finalised by an older version) has it worked out here.
    /// </summary>
    private const string ResultsSql = "WITH results AS (SELECT h.id, width_bucket(h.final_at, $1::timestamptz[]) AS period, h.outcome, h.escalated, "
        + GroupColumns + """

            FROM happy_calls h
            WHERE h.final_at >= ($1::timestamptz[])[1]
              AND h.final_at < ($1::timestamptz[])[array_length($1::timestamptz[], 1)]
              AND
        """ + ResultCallFilter + """

            UNION ALL
            SELECT h.id, width_bucket(f.final_at, $1::timestamptz[]), h.outcome, h.escalated,
        """ + GroupColumns + """

            FROM happy_calls h
            CROSS JOIN LATERAL (SELECT happy_call_final_at(h.id, h.updated_at) AS final_at) f
            WHERE h.final_at IS NULL AND h.state IN ('finished', 'unreached', 'do_not_call')
              AND f.final_at >= ($1::timestamptz[])[1]
              AND f.final_at < ($1::timestamptz[])[array_length($1::timestamptz[], 1)]
              AND
        """ + ResultCallFilter + """

        )
        """;

    private const string ResultFiguresSql = ResultsSql + """
        SELECT GROUPING(period) = 1, period, group_key, max(group_name),
               count(*),
               count(*) FILTER (WHERE outcome IN ('completed', 'partial')),
               count(*) FILTER (WHERE escalated)
        FROM results
        GROUP BY GROUPING SETS ((period, group_key), (group_key))
        ORDER BY 1, 2, 3
        """;

    private const string AnswerFiguresSql = ResultsSql + """
        SELECT GROUPING(r.period) = 1, r.period, r.group_key, s.question_id, s.kind,
               count(*), avg(s.value)::float8,
               count(*) FILTER (WHERE s.kind = 'rating' AND s.value >= 4),
               count(*) FILTER (WHERE s.kind = 'score' AND s.value >= 9),
               count(*) FILTER (WHERE s.kind = 'score' AND s.value <= 6)
        FROM results r
        JOIN survey_answers s ON s.happy_call_id = r.id
        WHERE s.kind IN ('rating', 'score')
        GROUP BY GROUPING SETS ((r.period, r.group_key, s.question_id, s.kind), (r.group_key, s.question_id, s.kind))
        ORDER BY 1, 2, 3, 4, 5
        """;

    private readonly IvrDatabase _database;

    public NpgsqlHappyCallReportQueries(IvrDatabase database)
    {
        _database = database;
    }

    public async Task<OutboundReportData> GetOutboundAsync(OutboundReportQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var boundaries = ReportBoundaries.ToUtc(query.Boundaries, nameof(query));
        var groups = new List<OutboundGroupCounts>();
        var outcomes = new Dictionary<(int?, string), List<NamedCount>>();
        var results = new Dictionary<(int?, string), List<NamedCount>>();
        await ReadBatchAsync(
            [AttemptFiguresSql, AttemptOutcomesSql, AttemptResultsSql],
            () => [ReportBoundaries.Parameter(boundaries), Grouping(query.GroupBy), ReportBoundaries.Text(query.TechnicianId), ReportBoundaries.Text(query.ServiceType)],
            (statement, reader) =>
            {
                var key = (Period(reader, query.PeriodCount), reader.GetString(2));
                if (statement == 0)
                {
                    groups.Add(new OutboundGroupCounts(key.Item1, key.Item2, reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)));
                }
                else
                {
                    Add(statement == 1 ? outcomes : results, key, new NamedCount(reader.GetString(3), reader.GetInt64(4)));
                }
            },
            cancellationToken).ConfigureAwait(false);

        return new OutboundReportData(Ordered(groups, g => (g.Period, g.GroupKey))
            .Select(g => g with
            {
                Outcomes = outcomes.GetValueOrDefault((g.Period, g.GroupKey)) ?? [],
                Results = results.GetValueOrDefault((g.Period, g.GroupKey)) ?? [],
            })
            .ToList());
    }

    public async Task<SatisfactionReportData> GetSatisfactionAsync(SatisfactionReportQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var boundaries = ReportBoundaries.ToUtc(query.Boundaries, nameof(query));
        var groups = new List<SatisfactionGroupCounts>();
        var questions = new Dictionary<(int?, string), List<QuestionCounts>>();
        await ReadBatchAsync(
            [ResultFiguresSql, AnswerFiguresSql],
            () =>
            [
                ReportBoundaries.Parameter(boundaries), Grouping(query.GroupBy), ReportBoundaries.Text(query.SurveyId),
                ReportBoundaries.Text(query.TechnicianId), ReportBoundaries.Text(query.ServiceType),
            ],
            (statement, reader) =>
            {
                var key = (Period(reader, query.PeriodCount), reader.GetString(2));
                if (statement == 0)
                {
                    groups.Add(new SatisfactionGroupCounts(key.Item1, key.Item2, reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)));
                }
                else
                {
                    Add(questions, key, new QuestionCounts(
                        reader.GetString(3), reader.GetString(4), reader.GetInt64(5), reader.GetDouble(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9)));
                }
            },
            cancellationToken).ConfigureAwait(false);

        return new SatisfactionReportData(Ordered(groups, g => (g.Period, g.GroupKey))
            .Select(g => g with { Questions = questions.GetValueOrDefault((g.Period, g.GroupKey)) ?? [] })
            .ToList());
    }

    /// <summary>
    /// Runs the statements in one batch (each with its own copy of the parameters, in one transaction without JIT) and
    /// hands every row to <paramref name="read"/> with its statement's index.
    /// </summary>
    private async Task ReadBatchAsync(
        IReadOnlyList<string> statements, Func<NpgsqlParameter[]> parameters, Action<int, NpgsqlDataReader> read, CancellationToken cancellationToken)
    {
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
                    foreach (var sql in statements)
                    {
                        var command = new NpgsqlBatchCommand(sql);
                        command.Parameters.AddRange(parameters());
                        batch.BatchCommands.Add(command);
                    }

                    var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        for (var statement = 0; statement < statements.Count; statement++)
                        {
                            if (statement > 0)
                            {
                                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                            }

                            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                            {
                                read(statement, reader);
                            }
                        }
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static void Add<T>(Dictionary<(int?, string), List<T>> lists, (int?, string) key, T item)
    {
        if (!lists.TryGetValue(key, out var list))
        {
            lists[key] = list = [];
        }

        list.Add(item);
    }

    private static NpgsqlParameter Grouping(ReportGroup group) => ReportBoundaries.Text(group switch
    {
        ReportGroup.None => null,
        ReportGroup.Technician => "technician",
        ReportGroup.ServiceType => "service_type",
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, "Unknown report grouping."),
    });

    /// <summary>The row's 0-based period, or null on a whole-range row (GROUPING(period) = 1 in column 0).</summary>
    private static int? Period(NpgsqlDataReader reader, int periodCount) =>
        reader.GetBoolean(0) ? null : ReportBoundaries.PeriodIndex(reader.GetInt32(1), periodCount);

    /// <summary>Periods in order, then the whole-range rows; groups by key in ordinal order (not the database's collation).</summary>
    private static IEnumerable<T> Ordered<T>(IEnumerable<T> rows, Func<T, (int? Period, string GroupKey)> key) =>
        rows.OrderBy(r => key(r).Period ?? int.MaxValue).ThenBy(r => key(r).GroupKey, StringComparer.Ordinal);
}
