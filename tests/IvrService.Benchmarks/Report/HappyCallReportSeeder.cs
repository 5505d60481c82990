using Npgsql;

namespace IvrService.Benchmarks.Report;

/// <summary>
/// Happy calls in bulk for the outbound and satisfaction reports, by SQL in the product's tables: N calls whose first
/// attempts are spread evenly over one year from <c>yearStart</c>, one to three attempts each (seven hours apart, each
/// ended a minute after its claim), 40 technicians, three service types, two surveys. Of every twenty: ten completed
/// (a rating, a yes/no and a score answered), two partial (a rating), one opted out, one declined, two unreached, one
/// on the do-not-call list, one pending, one with its last attempt under way and one cancelled. A rating of 1 or 2
/// escalates. The final calls get the time they became final as the migration that brought it stores it.
/// </summary>
internal static class HappyCallReportSeeder
{
    public static async Task SeedAsync(NpgsqlDataSource dataSource, DateTimeOffset yearStart, int calls)
    {
        await using var batch = dataSource.CreateBatch();
        var happyCalls = new NpgsqlBatchCommand("""
            WITH rows AS (
                SELECT i, $1::timestamptz + make_interval(secs => i::double precision * 31536000 / $2) AS first_at,
                       1 + (i / 7) % 3 AS tries, 1 + (i * 7) % 5 AS rating,
                       (ARRAY['completed', 'completed', 'completed', 'completed', 'completed', 'completed', 'completed',
                              'completed', 'completed', 'completed', 'partial', 'partial', 'opted_out', 'declined', 'unreached',
                              'unreached', 'do_not_call', 'pending', 'in_progress', 'cancelled'])[1 + i % 20] AS kind
                FROM generate_series(1, $2) i
            )
            INSERT INTO happy_calls (service_id, customer_id, phone, customer_name, language, technician_id, technician_name,
                service_type, completed_at, time_zone, survey_id, due_at, state, outcome, attempts, next_attempt_at, escalated,
                created_at, updated_at)
            SELECT 'bench-hc-' || i, 'c-' || (i % 5000), '+98912' || lpad((i % 10000000)::text, 7, '0'), 'Customer ' || i, 'fa',
                   't-' || (i % 40), 'Technician ' || (i % 40), (ARRAY['repair', 'installation', 'maintenance'])[1 + i % 3],
                   first_at - interval '2 hours', 'Asia/Tehran', CASE WHEN i % 4 = 0 THEN 'after-install' ELSE 'after-service' END,
                   first_at,
                   CASE WHEN kind IN ('completed', 'partial', 'opted_out', 'declined') THEN 'finished' ELSE kind END,
                   CASE WHEN kind IN ('pending', 'in_progress') THEN 'none' ELSE kind END,
                   tries,
                   CASE WHEN kind = 'pending' THEN first_at + tries * interval '7 hours' END,
                   kind IN ('completed', 'partial') AND rating <= 2,
                   first_at - interval '2 hours', first_at + (tries - 1) * interval '7 hours' + interval '3 minutes'
            FROM rows
            """);
        happyCalls.Parameters.Add(new NpgsqlParameter { Value = yearStart.UtcDateTime });
        happyCalls.Parameters.Add(new NpgsqlParameter { Value = calls });
        batch.BatchCommands.Add(happyCalls);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO happy_call_attempts (happy_call_id, attempt, claimed_at, claimed_by, ended_at, outcome)
            SELECT h.id, a, c.claimed_at, 'bench', CASE WHEN o.outcome IS NOT NULL THEN c.claimed_at + interval '1 minute' END, o.outcome
            FROM happy_calls h
            CROSS JOIN LATERAL generate_series(1, h.attempts) a
            CROSS JOIN LATERAL (SELECT h.due_at + (a - 1) * interval '7 hours' AS claimed_at) c
            CROSS JOIN LATERAL (SELECT CASE
                WHEN a < h.attempts THEN (ARRAY['busy', 'no_answer', 'failed', 'answering_machine'])[1 + (h.id + a) % 4]
                WHEN h.state = 'in_progress' THEN NULL
                WHEN h.state = 'pending' THEN 'busy'
                ELSE CASE h.outcome WHEN 'partial' THEN 'unfinished' WHEN 'unreached' THEN 'no_answer'
                                    WHEN 'cancelled' THEN 'no_answer' ELSE h.outcome END
                END AS outcome) o
            WHERE h.service_id LIKE 'bench-hc-%'
            """));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO survey_answers (happy_call_id, question_id, kind, value, digits, method, answered_at, attempt)
            SELECT h.id, q.id, q.kind, v.value, v.value::text, 'rfc4733', h.updated_at - interval '3 minutes' + q.n * interval '10 seconds', h.attempts
            FROM happy_calls h
            CROSS JOIN LATERAL (SELECT substr(h.service_id, 10)::integer AS i) s
            CROSS JOIN (VALUES ('technician', 'rating', 1), ('punctuality', 'yes_no', 2), ('recommend', 'score', 3)) AS q (id, kind, n)
            CROSS JOIN LATERAL (SELECT CASE q.kind WHEN 'rating' THEN 1 + (s.i * 7) % 5 WHEN 'yes_no' THEN s.i % 2 ELSE s.i % 11 END AS value) v
            WHERE h.service_id LIKE 'bench-hc-%' AND (h.outcome = 'completed' OR (h.outcome = 'partial' AND q.n = 1))
            """));
        // The times the satisfaction report selects by, as migration 0011 stores them for calls final before it (the
        // product stores each call's when its attempt makes it final).
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "SELECT record_happy_call_final_at(ARRAY(SELECT id FROM happy_calls WHERE service_id LIKE 'bench-hc-%'))"));
        batch.Timeout = 3600;
        await batch.ExecuteNonQueryAsync();

        await using var vacuum = dataSource.CreateCommand("VACUUM ANALYZE happy_calls, happy_call_attempts, survey_answers");
        vacuum.CommandTimeout = 3600;
        await vacuum.ExecuteNonQueryAsync();
    }
}
