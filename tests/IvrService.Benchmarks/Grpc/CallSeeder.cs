using Npgsql;

namespace IvrService.Benchmarks.Grpc;

/// <summary>What was seeded: the call records' id range and the span of their offer times.</summary>
internal sealed record SeededCalls(long FirstId, long LastId, DateTimeOffset From, DateTimeOffset To, long Steps, long Digits);

/// <summary>
/// Seeds the product's database (already migrated by the product) with N ended call records spread evenly over the
/// last 90 days, in set-based statements: nine in ten inbound, eight in nine answered, each answered call with four
/// steps (main menu entered, a key, the chosen node entered, what happened there) and two key presses; then VACUUM
/// ANALYZE, so the planner sees the tables as they are and no autovacuum of the new rows runs during a measurement.
/// </summary>
internal static class CallSeeder
{
    public static readonly TimeSpan Span = TimeSpan.FromDays(90);

    public static async Task<SeededCalls> SeedAsync(NpgsqlConnection db, int records, CancellationToken cancellationToken)
    {
        var to = DateTimeOffset.UtcNow;
        var from = to - Span;
        await using (var batch = new NpgsqlBatch(db) { Timeout = 3600 })
        {
            var calls = new NpgsqlBatchCommand("""
                INSERT INTO call_records (call_id, direction, from_uri, to_uri, caller, called, source_address, transport, offered_at,
                                          answered_at, ended_at, end_reason, instance_id, flow_id, flow_version, flow_outcome, language)
                SELECT 'bench-' || g || '@127.0.0.1',
                       CASE WHEN g % 10 = 0 THEN 'outbound' ELSE 'inbound' END,
                       'sip:' || c.caller || '@127.0.0.1', 'sip:100@127.0.0.1', c.caller, '100', '127.0.0.1:5062', 'udp', t,
                       CASE WHEN g % 9 <> 0 THEN t + interval '1 second' END,
                       t + make_interval(secs => 20 + g % 300),
                       CASE WHEN g % 9 = 0 THEN 'cancelled' WHEN g % 3 = 0 THEN 'ivr_hangup' ELSE 'caller_hangup' END,
                       'bench-seed',
                       CASE WHEN g % 9 <> 0 THEN 'after-sales' END,
                       CASE WHEN g % 9 <> 0 THEN 1 END,
                       CASE WHEN g % 9 <> 0 THEN (ARRAY['completed', 'abandoned', 'transferred', 'message_left', 'callback_requested'])[1 + g % 5] END,
                       CASE WHEN g % 9 <> 0 THEN (ARRAY['fa', 'fa', 'fa', 'en'])[1 + g % 4] END
                FROM generate_series(1, $2) g,
                     LATERAL (SELECT $1::timestamptz + make_interval(secs => g::double precision * $3 / $2) AS t) o,
                     LATERAL (SELECT '0912' || lpad((g % 20000)::text, 7, '0') AS caller) c
                ORDER BY g
                """);
            calls.Parameters.Add(new NpgsqlParameter { Value = from.UtcDateTime });
            calls.Parameters.Add(new NpgsqlParameter { Value = records });
            calls.Parameters.Add(new NpgsqlParameter { Value = Span.TotalSeconds });
            batch.BatchCommands.Add(calls);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO call_steps (call_id, call_record_id, seq, at, node_id, kind, detail, flow_id, flow_version)
                SELECT c.call_id, c.id, s.seq, c.answered_at + make_interval(secs => s.seq * 3), s.node_id, s.kind, s.detail, 'after-sales', 1
                FROM call_records c
                CROSS JOIN LATERAL (VALUES
                    (1, 'main', 'node_entered', 'menu'),
                    (2, 'main', 'digits', (ARRAY['1', '2', '3', '0'])[1 + c.id % 4]),
                    (3, (ARRAY['status', 'fault', 'complaint', 'operator'])[1 + c.id % 4], 'node_entered', 'say'),
                    (4, (ARRAY['status', 'fault', 'complaint', 'operator'])[1 + c.id % 4],
                        CASE WHEN c.id % 7 = 0 THEN 'recorded' WHEN c.id % 11 = 0 THEN 'callback' ELSE 'prompt_played' END, 'bench')
                ) AS s(seq, node_id, kind, detail)
                WHERE c.instance_id = 'bench-seed' AND c.answered_at IS NOT NULL
                ORDER BY c.id, s.seq
                """));
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO call_digits (call_record_id, digit, method, duration_ms, received_at)
                SELECT c.id, d.digit, 'rfc4733', 120, c.answered_at + make_interval(secs => d.n * 4)
                FROM call_records c
                CROSS JOIN LATERAL (VALUES (1, (ARRAY['1', '2', '3', '0'])[1 + c.id % 4]), (2, '#')) AS d(n, digit)
                WHERE c.instance_id = 'bench-seed' AND c.answered_at IS NOT NULL
                ORDER BY c.id, d.n
                """));
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        // VACUUM outside the batch's transaction: an autovacuum of the fresh rows would otherwise run during the measurement.
        await using (var vacuum = new NpgsqlCommand("VACUUM (ANALYZE) call_records, call_steps, call_digits", db) { CommandTimeout = 3600 })
        {
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var counts = new NpgsqlCommand("""
            SELECT min(id), max(id),
                   (SELECT count(*) FROM call_steps WHERE call_id LIKE 'bench-%'),
                   (SELECT count(*) FROM call_digits d JOIN call_records c ON c.id = d.call_record_id WHERE c.instance_id = 'bench-seed')
            FROM call_records WHERE instance_id = 'bench-seed'
            """, db);
        await using var reader = await counts.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new SeededCalls(reader.GetInt64(0), reader.GetInt64(1), from, to, reader.GetInt64(2), reader.GetInt64(3));
    }
}
