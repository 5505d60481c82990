using Npgsql;

namespace IvrService.IntegrationTests.HappyCalls;

/// <summary>One happy call of a campaign as stored: its service, phone, state and outcome, and how many attempts it took.</summary>
internal sealed record LedgerCall(long Id, string ServiceId, string Phone, string State, string Outcome, int Attempts);

/// <summary>One claimed attempt as stored in <c>happy_call_attempts</c>.</summary>
internal sealed record LedgerAttempt(
    long HappyCallId, int Attempt, DateTimeOffset ClaimedAt, string ClaimedBy, DateTimeOffset? EndedAt, string? Outcome, long? CallRecordId, string? CallId);

/// <summary>One outbound call record: when it was offered (the INVITE) and ended, and by which instance.</summary>
internal sealed record LedgerCallRecord(string CallId, string Called, DateTimeOffset OfferedAt, DateTimeOffset? EndedAt, string? EndReason, string InstanceId);

/// <summary>Reads what a campaign of happy calls left in the database, for the scale and crash tests' assertions.</summary>
internal static class CampaignLedger
{
    public static async Task<IReadOnlyList<LedgerCall>> CallsAsync(string connectionString, CancellationToken cancellationToken)
    {
        var calls = new List<LedgerCall>();
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        await using var command = new NpgsqlCommand("SELECT id, service_id, phone, state, outcome, attempts FROM happy_calls ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            calls.Add(new LedgerCall(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5)));
        }

        return calls;
    }

    public static async Task<IReadOnlyList<LedgerAttempt>> AttemptsAsync(string connectionString, CancellationToken cancellationToken)
    {
        var attempts = new List<LedgerAttempt>();
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT a.happy_call_id, a.attempt, a.claimed_at, a.claimed_by, a.ended_at, a.outcome, a.call_record_id, r.call_id
            FROM happy_call_attempts a LEFT JOIN call_records r ON r.id = a.call_record_id
            ORDER BY a.happy_call_id, a.attempt
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            attempts.Add(new LedgerAttempt(
                reader.GetInt64(0),
                reader.GetInt32(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetInt64(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return attempts;
    }

    public static async Task<IReadOnlyList<LedgerCallRecord>> OutboundCallRecordsAsync(string connectionString, CancellationToken cancellationToken)
    {
        var records = new List<LedgerCallRecord>();
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT call_id, called, offered_at, ended_at, end_reason, instance_id FROM call_records WHERE direction = 'outbound' ORDER BY offered_at", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new LedgerCallRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5)));
        }

        return records;
    }

    /// <summary>The most calls up at one moment: a sweep over the [offered, ended] intervals (an end frees its channel before a start at the same instant).</summary>
    public static int MostAtOnce(IEnumerable<LedgerCallRecord> records)
    {
        var events = new List<(DateTimeOffset At, int Change)>();
        foreach (var record in records)
        {
            events.Add((record.OfferedAt, +1));
            events.Add((record.EndedAt ?? DateTimeOffset.MaxValue, -1));
        }

        events.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Change.CompareTo(b.Change));
        int current = 0, most = 0;
        foreach (var (_, change) in events)
        {
            current += change;
            most = Math.Max(most, current);
        }

        return most;
    }

    /// <summary>Waits until no happy call is pending or in progress, then returns them all.</summary>
    public static async Task<IReadOnlyList<LedgerCall>> WaitForAllFinalAsync(string connectionString, int expected, CancellationToken cancellationToken)
    {
        while (true)
        {
            var calls = await CallsAsync(connectionString, cancellationToken);
            if (calls.Count >= expected && calls.All(c => c.State is not ("pending" or "in_progress")))
            {
                return calls;
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    /// <summary>The user part of a SIP Request-URI (<c>sip:+98912…@host</c> → <c>+98912…</c>).</summary>
    public static string UserOf(string requestUri)
    {
        var start = requestUri.IndexOf(':', StringComparison.Ordinal) + 1;
        var at = requestUri.IndexOf('@', StringComparison.Ordinal);
        return at > start ? requestUri[start..at] : requestUri[start..];
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
