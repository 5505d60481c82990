using Npgsql;

namespace IvrService.Benchmarks.Surveys;

/// <summary>What was seeded: the technicians and the span of update times.</summary>
internal sealed record SeededResults(int Technicians, DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// Survey results in bulk, by SQL in the product's tables (<c>happy_calls</c>, <c>survey_answers</c>): 40 technicians,
/// three service types, updates spread over 90 days; most finished with three answers (rating, yes/no, score), some
/// partial, unreached, cancelled or pending; a low rating escalates. No changes are appended: the stream is measured on
/// its own writes.
/// </summary>
internal static class SurveyResultSeeder
{
    public const int Technicians = 40;
    public static readonly TimeSpan Span = TimeSpan.FromDays(90);

    public static async Task<SeededResults> SeedAsync(NpgsqlConnection db, int count, CancellationToken cancellationToken)
    {
        var to = DateTimeOffset.UtcNow.AddHours(-1);
        var from = to - Span;
        await using var command = new NpgsqlCommand("""
            WITH rows AS (
                SELECT i,
                       $2::timestamptz + (($3::timestamptz - $2::timestamptz) * (i::double precision / $1)) AS at,
                       CASE WHEN i % 20 < 14 THEN 'completed' WHEN i % 20 < 16 THEN 'partial' WHEN i % 20 < 18 THEN 'unreached'
                            WHEN i % 20 = 18 THEN 'cancelled' ELSE 'none' END AS outcome
                FROM generate_series(1, $1) AS i
            )
            INSERT INTO happy_calls
                (service_id, customer_id, phone, customer_name, language, technician_id, technician_name, service_type,
                 completed_at, time_zone, survey_id, survey_version, due_at, state, outcome, attempts, next_attempt_at,
                 escalated, created_at, updated_at)
            SELECT 'bench-svc-' || i, 'c-' || (i % 5000), '+98912' || lpad((i % 10000000)::text, 7, '0'), 'Customer ' || i,
                   CASE WHEN i % 4 = 0 THEN 'en' ELSE 'fa' END, 't-' || (i % 40), 'Technician ' || (i % 40),
                   (ARRAY['repair', 'installation', 'maintenance'])[1 + i % 3],
                   at - interval '3 hours', 'Asia/Tehran', 'after-service', 1, at - interval '1 hour',
                   CASE outcome WHEN 'completed' THEN 'finished' WHEN 'partial' THEN 'finished' WHEN 'unreached' THEN 'unreached'
                                WHEN 'cancelled' THEN 'cancelled' ELSE 'pending' END,
                   outcome, CASE WHEN outcome IN ('none', 'cancelled') THEN 0 ELSE 1 END,
                   CASE WHEN outcome = 'none' THEN at + interval '30 days' END,
                   outcome IN ('completed', 'partial') AND i % 7 = 0, at - interval '1 hour', at
            FROM rows
            """, db);
        command.CommandTimeout = 600;
        command.Parameters.Add(new NpgsqlParameter { Value = count });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        await command.ExecuteNonQueryAsync(cancellationToken);

        await using var answers = new NpgsqlCommand("""
            INSERT INTO survey_answers (happy_call_id, question_id, kind, value, choice_id, digits, method, answered_at, attempt)
            SELECT h.id, q.id, q.kind,
                   CASE q.kind WHEN 'rating' THEN CASE WHEN h.escalated THEN 1 ELSE 4 + h.id % 2 END WHEN 'yes_no' THEN 1 ELSE 7 + h.id % 4 END,
                   NULL, CASE q.kind WHEN 'score' THEN (7 + h.id % 4)::text || '#' ELSE '1' END, 'rfc4733',
                   h.updated_at - (q.n * interval '20 seconds'), 1
            FROM happy_calls h
            CROSS JOIN (VALUES ('quality', 'rating', 3), ('on_time', 'yes_no', 2), ('nps', 'score', 1)) AS q (id, kind, n)
            WHERE h.service_id LIKE 'bench-svc-%' AND (h.outcome = 'completed' OR (h.outcome = 'partial' AND q.n > 1))
            """, db);
        answers.CommandTimeout = 600;
        await answers.ExecuteNonQueryAsync(cancellationToken);

        await using var analyze = new NpgsqlCommand("ANALYZE happy_calls; ANALYZE survey_answers", db);
        await analyze.ExecuteNonQueryAsync(cancellationToken);
        return new SeededResults(Technicians, from, to);
    }
}
