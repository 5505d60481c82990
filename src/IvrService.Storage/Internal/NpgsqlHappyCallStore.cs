using System.Text;
using System.Transactions;
using IvrService.Storage.HappyCalls;
using Npgsql;
using NpgsqlTypes;

namespace IvrService.Storage.Internal;

/// <summary>
/// <see cref="IHappyCallStore"/> on <c>happy_calls</c>, <c>happy_call_attempts</c>, <c>survey_answers</c> and
/// <c>survey_result_changes</c>. Every write runs in a <see cref="StorageTransaction"/> scope, so it joins a
/// caller's ambient transaction; its connection is opened and closed inside the scope (one at a time, so the
/// transaction stays on one PostgreSQL connection and never escalates). A write that changes a result appends
/// its change as its last statement (<c>append_survey_result_change</c>, which takes the change-order lock), and
/// tells this instance's change signal once its transaction is over, so that a read made here after the write returns
/// is never answered from before it (<see cref="ISurveyResultSignal.ChangeMark"/>).
/// </summary>
internal sealed class NpgsqlHappyCallStore : IHappyCallStore
{
    public const int MaxListLimit = 1000;

    private const string Columns = """
        h.id, h.service_id, h.customer_id, h.phone, h.customer_name, h.language, h.technician_id, h.technician_name,
        h.service_type, h.completed_at, h.time_zone, h.survey_id, h.survey_version, h.state, h.outcome, h.attempts,
        h.completion_retries, h.next_attempt_at, h.escalated, h.has_comment, h.job_id, h.created_at, h.updated_at,
        h.cancel_requested, h.comment_path
        """;

    private const int ColumnCount = 25;

    private const string AppendChangeSql = "SELECT append_survey_result_change($1, $2, $3)";

    private readonly IvrDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly NpgsqlSurveyResultSignal? _signal;
    private readonly TransactionCompletedEventHandler? _noteChange;

    /// <param name="signal">The signal told of this instance's result changes; none for a store no cache reads through.</param>
    public NpgsqlHappyCallStore(IvrDatabase database, TimeProvider timeProvider, NpgsqlSurveyResultSignal? signal = null)
    {
        _database = database;
        _timeProvider = timeProvider;
        _signal = signal;
        _noteChange = signal is null ? null : (_, _) => signal.NoteLocalChange();
    }

    public async Task<(HappyCall Call, bool Created)> CreateAsync(NewHappyCall call, CancellationToken cancellationToken)
    {
        Validate(call);
        var now = _timeProvider.GetUtcNow();
        using var scope = StorageTransaction.Begin();
        (HappyCall Call, bool Created) result;
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // A concurrent insert of the same service waits on the unique index until the first commits, then
            // inserts nothing; the select that follows sees the committed row.
            var insert = new NpgsqlCommand($"""
                INSERT INTO happy_calls AS h
                    (service_id, customer_id, phone, customer_name, language, technician_id, technician_name, service_type,
                     completed_at, time_zone, survey_id, due_at, state, outcome, next_attempt_at, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'pending', 'none', $12, $13, $13)
                ON CONFLICT (service_id) DO NOTHING
                RETURNING {Columns}
                """, connection);
            HappyCall? created;
            await using (insert.ConfigureAwait(false))
            {
                insert.Parameters.Add(new() { Value = call.ServiceId });
                insert.Parameters.Add(new() { Value = call.CustomerId });
                insert.Parameters.Add(new() { Value = call.Phone });
                insert.Parameters.Add(new() { Value = call.CustomerName });
                insert.Parameters.Add(new() { Value = call.Language });
                insert.Parameters.Add(new() { Value = call.TechnicianId });
                insert.Parameters.Add(new() { Value = call.TechnicianName });
                insert.Parameters.Add(new() { Value = call.ServiceType });
                insert.Parameters.Add(new() { Value = call.CompletedAt.ToUniversalTime() });
                insert.Parameters.Add(new() { Value = call.TimeZone });
                insert.Parameters.Add(new() { Value = call.SurveyId });
                insert.Parameters.Add(new() { Value = call.DueAt.ToUniversalTime() });
                insert.Parameters.Add(new() { Value = now });
                created = await ReadOneAsync(insert, cancellationToken).ConfigureAwait(false);
            }

            if (created is not null)
            {
                await AppendChangeAsync(connection, created.Id, created: true, now, cancellationToken).ConfigureAwait(false);
                result = (created, true);
            }
            else
            {
                var existing = await GetByServiceAsync(connection, call.ServiceId, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException(
                        $"happy_calls: service {call.ServiceId} conflicted on insert but is not stored.");
                result = (existing, false);
            }
        }

        scope.Complete();
        return result;
    }

    public async Task SetJobAsync(long happyCallId, string jobId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        using var scope = StorageTransaction.Begin();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new NpgsqlCommand("UPDATE happy_calls SET job_id = $2 WHERE id = $1", connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.Add(new() { Value = happyCallId });
                command.Parameters.Add(new() { Value = jobId });
                await ExpectOneAsync(command, happyCallId, cancellationToken).ConfigureAwait(false);
            }
        }

        scope.Complete();
    }

    public async Task<bool> RescheduleAsync(long happyCallId, string jobId, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new NpgsqlCommand(
                "UPDATE happy_calls SET job_id = $2, next_attempt_at = $3 WHERE id = $1 AND state = 'pending'", connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.Add(new() { Value = happyCallId });
                command.Parameters.Add(new() { Value = jobId });
                command.Parameters.Add(new() { Value = nextAttemptAt.ToUniversalTime() });
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            }
        }
    }

    public async Task<long> CountPendingDueAsync(DateTimeOffset dueBefore, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new NpgsqlCommand(
                "SELECT count(*) FROM happy_calls WHERE state = 'pending' AND next_attempt_at < $1", connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.Add(new() { Value = dueBefore.ToUniversalTime() });
                return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
        }
    }

    public async Task<HappyCall?> GetAsync(long happyCallId, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await GetAsync(connection, happyCallId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<HappyCall?> GetByServiceAsync(string serviceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serviceId);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await GetByServiceAsync(connection, serviceId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<AttemptClaim?> ClaimAttemptAsync(
        long happyCallId, int attempt, string claimedBy, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentException.ThrowIfNullOrEmpty(claimedBy);
        var now = _timeProvider.GetUtcNow();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One round trip, one (implicit, or the caller's ambient) transaction: the claim, its attempt row and its
            // change, then the call's details. Two claimers of one attempt: the second waits for the first's row lock,
            // then re-checks the condition against the committed row (READ COMMITTED) and updates nothing; the attempt
            // row and the change follow only from a row the update returned. The change is appended last, so the
            // change-order lock is held for no round trip.
            var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand($"""
                        WITH h AS (
                            UPDATE happy_calls SET state = 'in_progress', attempts = $2, updated_at = $3
                            WHERE id = $1 AND state = 'pending' AND attempts = $2 - 1 AND NOT cancel_requested
                            RETURNING *),
                        claimed AS (
                            INSERT INTO happy_call_attempts (happy_call_id, attempt, claimed_at, claimed_by)
                            SELECT id, $2, $3, $4 FROM h
                            RETURNING happy_call_id)
                        SELECT {Columns}, append_survey_result_change(h.id, false, $3)
                        FROM h JOIN claimed ON claimed.happy_call_id = h.id
                        """)
                    {
                        Parameters =
                        {
                            new() { Value = happyCallId },
                            new() { Value = attempt },
                            new() { Value = now },
                            new() { Value = claimedBy },
                        },
                    },
                },
            };
            await using (batch.ConfigureAwait(false))
            {
                AddDetailCommands(batch, "= $1", happyCallId);
                var calls = await ReadWithDetailsAsync(batch, cancellationToken).ConfigureAwait(false);
                if (calls.Count == 0)
                {
                    return null;
                }

                NoteChangeWhenOver();
                return new AttemptClaim(calls[0], attempt, claimedBy, now);
            }
        }
    }

    public async Task<HappyCallState?> EndAttemptAsync(AttemptEnd end, CancellationToken cancellationToken)
    {
        Validate(end);
        var now = _timeProvider.GetUtcNow();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One statement. The happy call's row is locked first (as every other write does) by its update, which
            // only matches the open attempt; the attempt's row follows from it, and the change is appended last.
            // A retry asked for after a cancellation arrived during the attempt cancels the call instead ($9).
            // A call made final takes the time it became final: its last attempt's end (happy_call_final_at, which
            // the satisfaction report reads), this attempt's included — the statement's snapshot does not see it yet.
            var command = new NpgsqlCommand("""
                WITH h AS (
                    UPDATE happy_calls SET
                        state = CASE WHEN cancel_requested AND $2 = 'pending' THEN 'cancelled' ELSE $2 END,
                        outcome = CASE WHEN cancel_requested AND $2 = 'pending' THEN 'cancelled' ELSE $3 END,
                        next_attempt_at = CASE WHEN cancel_requested AND $2 = 'pending' THEN NULL ELSE $4 END,
                        completion_retries = completion_retries + CASE WHEN cancel_requested THEN 0 ELSE $5 END,
                        survey_version = CASE WHEN $6 > 0 THEN $6 ELSE survey_version END,
                        job_id = CASE WHEN $2 <> 'pending' OR cancel_requested THEN job_id ELSE $8 END,
                        updated_at = $7,
                        final_at = CASE WHEN $2 IN ('finished', 'unreached', 'do_not_call')
                            THEN GREATEST($10, (SELECT max(a.ended_at) FROM happy_call_attempts a WHERE a.happy_call_id = $1))
                        END
                    WHERE id = $1 AND state = 'in_progress' AND attempts = $9
                      AND EXISTS (
                          SELECT 1 FROM happy_call_attempts
                          WHERE happy_call_id = $1 AND attempt = $9 AND ended_at IS NULL)
                    RETURNING id, state),
                ended AS (
                    UPDATE happy_call_attempts a SET ended_at = $10, outcome = $11, sip_status = $12, call_record_id = $13
                    FROM h WHERE a.happy_call_id = h.id AND a.attempt = $9 AND a.ended_at IS NULL
                    RETURNING a.happy_call_id)
                SELECT h.state, append_survey_result_change(h.id, false, $7)
                FROM h JOIN ended ON ended.happy_call_id = h.id
                """, connection);
            await using (command.ConfigureAwait(false))
            {
                var retry = end.NextState == HappyCallState.Pending;
                command.Parameters.Add(new() { Value = end.HappyCallId });
                command.Parameters.Add(new() { Value = HappyCallText.From(end.NextState) });
                command.Parameters.Add(new() { Value = HappyCallText.From(end.Outcome) });
                command.Parameters.Add(Timestamp(end.NextAttemptAt));
                command.Parameters.Add(new() { Value = end.IsCompletionRetry && retry ? 1 : 0 });
                command.Parameters.Add(new() { Value = end.SurveyVersion });
                command.Parameters.Add(new() { Value = now });
                command.Parameters.Add(new() { Value = retry ? (object?)end.NextJobId ?? DBNull.Value : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new() { Value = end.Attempt });
                command.Parameters.Add(new() { Value = end.EndedAt.ToUniversalTime() });
                command.Parameters.Add(new() { Value = HappyCallText.From(end.AttemptOutcome) });
                command.Parameters.Add(new() { Value = end.SipStatus is { } status ? status : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
                command.Parameters.Add(new() { Value = end.CallRecordId is { } id ? id : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
                if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not string state)
                {
                    return null;
                }

                NoteChangeWhenOver();
                return HappyCallText.ToState(state);
            }
        }
    }

    public async Task AddAnswerAsync(
        long happyCallId, SurveyAnswerRecord answer, bool escalates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentException.ThrowIfNullOrEmpty(answer.QuestionId, nameof(answer));
        ArgumentException.ThrowIfNullOrEmpty(answer.Kind, nameof(answer));
        ArgumentNullException.ThrowIfNull(answer.Digits, nameof(answer));
        ArgumentOutOfRangeException.ThrowIfLessThan(answer.Attempt, 1, nameof(answer));
        var now = _timeProvider.GetUtcNow();
        using var scope = StorageTransaction.Begin();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var update = new NpgsqlCommand(
                "UPDATE happy_calls SET escalated = escalated OR $2, updated_at = $3 WHERE id = $1", connection);
            await using (update.ConfigureAwait(false))
            {
                update.Parameters.Add(new() { Value = happyCallId });
                update.Parameters.Add(new() { Value = escalates });
                update.Parameters.Add(new() { Value = now });
                await ExpectOneAsync(update, happyCallId, cancellationToken).ConfigureAwait(false);
            }

            var upsert = new NpgsqlCommand("""
                INSERT INTO survey_answers
                    (happy_call_id, question_id, kind, value, choice_id, digits, method, answered_at, attempt)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (happy_call_id, question_id) DO UPDATE SET
                    kind = excluded.kind, value = excluded.value, choice_id = excluded.choice_id,
                    digits = excluded.digits, method = excluded.method, answered_at = excluded.answered_at,
                    attempt = excluded.attempt
                """, connection);
            await using (upsert.ConfigureAwait(false))
            {
                upsert.Parameters.Add(new() { Value = happyCallId });
                upsert.Parameters.Add(new() { Value = answer.QuestionId });
                upsert.Parameters.Add(new() { Value = answer.Kind });
                upsert.Parameters.Add(new() { Value = answer.Value });
                upsert.Parameters.Add(new() { Value = (object?)answer.ChoiceId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                upsert.Parameters.Add(new() { Value = answer.Digits });
                upsert.Parameters.Add(new() { Value = CallRecordText.From(answer.Method) });
                upsert.Parameters.Add(new() { Value = answer.AnsweredAt.ToUniversalTime() });
                upsert.Parameters.Add(new() { Value = answer.Attempt });
                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await AppendChangeAsync(connection, happyCallId, created: false, now, cancellationToken).ConfigureAwait(false);
        }

        scope.Complete();
    }

    public async Task SetCommentAsync(long happyCallId, string recordingPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(recordingPath);
        var now = _timeProvider.GetUtcNow();
        using var scope = StorageTransaction.Begin();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var update = new NpgsqlCommand(
                "UPDATE happy_calls SET has_comment = true, comment_path = $2, updated_at = $3 WHERE id = $1", connection);
            await using (update.ConfigureAwait(false))
            {
                update.Parameters.Add(new() { Value = happyCallId });
                update.Parameters.Add(new() { Value = recordingPath });
                update.Parameters.Add(new() { Value = now });
                await ExpectOneAsync(update, happyCallId, cancellationToken).ConfigureAwait(false);
            }

            await AppendChangeAsync(connection, happyCallId, created: false, now, cancellationToken).ConfigureAwait(false);
        }

        scope.Complete();
    }

    public async Task SetSurveyVersionAsync(long happyCallId, int version, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        using var scope = StorageTransaction.Begin();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var update = new NpgsqlCommand("UPDATE happy_calls SET survey_version = $2 WHERE id = $1", connection);
            await using (update.ConfigureAwait(false))
            {
                update.Parameters.Add(new() { Value = happyCallId });
                update.Parameters.Add(new() { Value = version });
                await ExpectOneAsync(update, happyCallId, cancellationToken).ConfigureAwait(false);
            }

            // A listed field, though not a change of the stream's: reads here must not be answered from before it.
            NoteChangeWhenOver();
        }

        scope.Complete();
    }

    public async Task<CancelOutcome?> CancelAsync(
        long? happyCallId, string? serviceId, string reason, CancellationToken cancellationToken)
    {
        if (happyCallId is null && string.IsNullOrEmpty(serviceId))
        {
            throw new ArgumentException("Either a happy call id or a service id names the happy call to cancel.", nameof(serviceId));
        }

        ArgumentNullException.ThrowIfNull(reason);
        var now = _timeProvider.GetUtcNow();
        using var scope = StorageTransaction.Begin();
        CancelOutcome? outcome = null;
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            long? id;
            HappyCallState state = default;
            var cancelRequested = false;
            // The id names the happy call when both are given.
            var select = new NpgsqlCommand(
                happyCallId is null
                    ? "SELECT id, state, cancel_requested FROM happy_calls WHERE service_id = $1 FOR UPDATE"
                    : "SELECT id, state, cancel_requested FROM happy_calls WHERE id = $1 FOR UPDATE",
                connection);
            await using (select.ConfigureAwait(false))
            {
                select.Parameters.Add(happyCallId is { } value ? new NpgsqlParameter { Value = value } : new NpgsqlParameter { Value = serviceId });
                var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    id = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetInt64(0) : null;
                    if (id is not null)
                    {
                        state = HappyCallText.ToState(reader.GetString(1));
                        cancelRequested = reader.GetBoolean(2);
                    }
                }
            }

            if (id is { } found)
            {
                var sql = state switch
                {
                    HappyCallState.Pending => """
                        UPDATE happy_calls SET state = 'cancelled', outcome = 'cancelled', next_attempt_at = NULL,
                            cancel_reason = $2, updated_at = $3
                        WHERE id = $1
                        """,
                    HappyCallState.InProgress when !cancelRequested => """
                        UPDATE happy_calls SET cancel_requested = true, cancel_reason = $2, updated_at = $3 WHERE id = $1
                        """,
                    _ => null,
                };
                if (sql is not null)
                {
                    var update = new NpgsqlCommand(sql, connection);
                    await using (update.ConfigureAwait(false))
                    {
                        update.Parameters.Add(new() { Value = found });
                        update.Parameters.Add(new() { Value = reason });
                        update.Parameters.Add(new() { Value = now });
                        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await AppendChangeAsync(connection, found, created: false, now, cancellationToken).ConfigureAwait(false);
                }

                var call = await GetAsync(connection, found, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"happy_calls: {found} vanished while locked.");
                outcome = new CancelOutcome(call, state == HappyCallState.Pending);
            }
        }

        scope.Complete();
        return outcome;
    }

    public async Task<IReadOnlyList<HappyCall>> ListAsync(
        SurveyResultFilter filter, SurveyResultCursor? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxListLimit);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = ListCommand(filter, after, limit);
            command.Connection = connection;
            await using (command.ConfigureAwait(false))
            {
                var calls = await ReadManyAsync(command, cancellationToken).ConfigureAwait(false);
                return await WithDetailsAsync(connection, calls, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The listing's query with only the filters given (not <c>$n IS NULL OR …</c> for each): each combination is its own
    /// statement, so the planner sees which index serves it even in a prepared statement's generic plan, and the
    /// escalation flag is written into the text so that the partial index of escalated results can be used.
    /// </summary>
    private static NpgsqlCommand ListCommand(SurveyResultFilter filter, SurveyResultCursor? after, int limit)
    {
        var command = new NpgsqlCommand();
        var parameters = command.Parameters;
        var sql = new StringBuilder(640).Append("SELECT ").Append(Columns).Append(" FROM happy_calls h WHERE true");
        if (filter.UpdatedFrom is { } from)
        {
            parameters.Add(Timestamp(from));
            sql.Append(" AND h.updated_at >= $").Append(parameters.Count);
        }

        if (filter.UpdatedTo is { } to)
        {
            parameters.Add(Timestamp(to));
            sql.Append(" AND h.updated_at < $").Append(parameters.Count);
        }

        if (!string.IsNullOrEmpty(filter.TechnicianId))
        {
            parameters.Add(new() { Value = filter.TechnicianId, NpgsqlDbType = NpgsqlDbType.Text });
            sql.Append(" AND h.technician_id = $").Append(parameters.Count);
        }

        if (!string.IsNullOrEmpty(filter.ServiceType))
        {
            parameters.Add(new() { Value = filter.ServiceType, NpgsqlDbType = NpgsqlDbType.Text });
            sql.Append(" AND h.service_type = $").Append(parameters.Count);
        }

        if (filter.Outcomes.Count > 0)
        {
            var outcomes = new string[filter.Outcomes.Count];
            var index = 0;
            foreach (var value in filter.Outcomes)
            {
                outcomes[index++] = HappyCallText.From(value);
            }

            parameters.Add(new() { Value = outcomes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            sql.Append(" AND h.outcome = ANY ($").Append(parameters.Count).Append(')');
        }

        if (filter.Escalated is { } escalated)
        {
            sql.Append(escalated ? " AND h.escalated" : " AND NOT h.escalated");
        }

        if (after is not null)
        {
            parameters.Add(Timestamp(after.UpdatedAt));
            parameters.Add(new() { Value = after.Id });
            sql.Append(" AND (h.updated_at, h.id) < ($").Append(parameters.Count - 1).Append(", $").Append(parameters.Count).Append(')');
        }

        parameters.Add(new() { Value = limit });
        sql.Append(" ORDER BY h.updated_at DESC, h.id DESC LIMIT $").Append(parameters.Count);
        command.CommandText = sql.ToString();
        return command;
    }

    public async Task<IReadOnlyList<SurveyResultChange>> ReadChangesAsync(
        long afterPosition, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxListLimit);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One statement, one snapshot: the retention mark read with the rows tells whether any change above the
            // position was deleted before they were read. No row at all needs no check: retention never deletes the
            // newest change, so had it deleted one above the position, a row above it would be there.
            var command = new NpgsqlCommand("""
                SELECT position, happy_call_id, created, changed_at,
                       (SELECT pruned_through FROM survey_result_retention) AS pruned_through
                FROM survey_result_changes
                WHERE position > $1 ORDER BY position LIMIT $2
                """, connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.Add(new() { Value = afterPosition });
                command.Parameters.Add(new() { Value = limit });
                var changes = new List<SurveyResultChange>();
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var prunedThrough = reader.GetInt64(4);
                        if (prunedThrough > afterPosition)
                        {
                            throw new SurveyResultChangesPrunedException(afterPosition, prunedThrough);
                        }

                        changes.Add(new SurveyResultChange(
                            reader.GetInt64(0), reader.GetInt64(1), reader.GetBoolean(2), reader.GetFieldValue<DateTimeOffset>(3)));
                    }
                }

                return changes;
            }
        }
    }

    public async Task<long> GetLatestChangePositionAsync(CancellationToken cancellationToken)
        => await ScalarPositionAsync("SELECT max(position) FROM survey_result_changes", cancellationToken).ConfigureAwait(false) ?? 0;

    public async Task<long> GetPrunedThroughAsync(CancellationToken cancellationToken)
        => await ScalarPositionAsync("SELECT pruned_through FROM survey_result_retention", cancellationToken).ConfigureAwait(false) ?? 0;

    public async Task<IReadOnlyList<HappyCall>> GetManyAsync(
        IReadOnlyCollection<long> happyCallIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(happyCallIds);
        if (happyCallIds.Count == 0)
        {
            return [];
        }

        var ids = new long[happyCallIds.Count];
        var index = 0;
        foreach (var id in happyCallIds)
        {
            ids[index++] = id;
        }

        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new NpgsqlCommand($"SELECT {Columns} FROM happy_calls h WHERE h.id = ANY ($1) ORDER BY h.id", connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.Add(new() { Value = ids });
                var calls = await ReadManyAsync(command, cancellationToken).ConfigureAwait(false);
                return await WithDetailsAsync(connection, calls, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<IReadOnlyList<AttemptClaim>> ListOpenAttemptsAsync(
        DateTimeOffset claimedBefore, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new NpgsqlCommand($"""
                SELECT {Columns}, a.attempt, a.claimed_by, a.claimed_at
                FROM happy_call_attempts a JOIN happy_calls h ON h.id = a.happy_call_id AND h.attempts = a.attempt
                WHERE a.ended_at IS NULL AND a.claimed_at < $1 AND h.state = 'in_progress'
                ORDER BY a.claimed_at, h.id
                """, connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.Add(new() { Value = claimedBefore.ToUniversalTime() });
                var calls = new List<HappyCall>();
                var attempts = new List<(int Attempt, string ClaimedBy, DateTimeOffset ClaimedAt)>();
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        calls.Add(Read(reader));
                        attempts.Add((
                            reader.GetInt32(ColumnCount),
                            reader.GetString(ColumnCount + 1),
                            reader.GetFieldValue<DateTimeOffset>(ColumnCount + 2)));
                    }
                }

                var detailed = await WithDetailsAsync(connection, calls, cancellationToken).ConfigureAwait(false);
                var claims = new List<AttemptClaim>(detailed.Count);
                for (var i = 0; i < detailed.Count; i++)
                {
                    claims.Add(new AttemptClaim(detailed[i], attempts[i].Attempt, attempts[i].ClaimedBy, attempts[i].ClaimedAt));
                }

                return claims;
            }
        }
    }

    public async Task<IReadOnlyList<HappyCall>> ListUnscheduledAsync(
        DateTimeOffset dueBefore, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxListLimit);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new NpgsqlCommand($"""
                SELECT {Columns} FROM happy_calls h
                WHERE h.state = 'pending' AND h.next_attempt_at < $1 AND h.job_id IS NULL
                ORDER BY h.next_attempt_at, h.id
                LIMIT $2
                """, connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.Add(new() { Value = dueBefore.ToUniversalTime() });
                command.Parameters.Add(new() { Value = limit });
                var calls = await ReadManyAsync(command, cancellationToken).ConfigureAwait(false);
                return await WithDetailsAsync(connection, calls, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<HappyCall?> FindOpenSurveyForPhoneAsync(string phone, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(phone);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new NpgsqlCommand($"""
                SELECT {Columns} FROM happy_calls h
                WHERE h.phone = $1 AND h.state = 'pending' AND NOT h.cancel_requested
                ORDER BY h.created_at DESC, h.id DESC
                LIMIT 1
                """, connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.Add(new() { Value = phone });
                var calls = await ReadManyAsync(command, cancellationToken).ConfigureAwait(false);
                var detailed = await WithDetailsAsync(connection, calls, cancellationToken).ConfigureAwait(false);
                return detailed.Count == 0 ? null : detailed[0];
            }
        }
    }

    private static void Validate(NewHappyCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        Require(call.ServiceId, nameof(NewHappyCall.ServiceId));
        Require(call.CustomerId, nameof(NewHappyCall.CustomerId));
        Require(call.Phone, nameof(NewHappyCall.Phone));
        Require(call.Language, nameof(NewHappyCall.Language));
        Require(call.TimeZone, nameof(NewHappyCall.TimeZone));
        Require(call.SurveyId, nameof(NewHappyCall.SurveyId));
        ArgumentNullException.ThrowIfNull(call.CustomerName, nameof(call));
        ArgumentNullException.ThrowIfNull(call.TechnicianId, nameof(call));
        ArgumentNullException.ThrowIfNull(call.TechnicianName, nameof(call));
        ArgumentNullException.ThrowIfNull(call.ServiceType, nameof(call));

        static void Require(string? value, string field)
        {
            if (string.IsNullOrEmpty(value))
            {
                throw new ArgumentException($"A new happy call needs {field}.", nameof(call));
            }
        }
    }

    private static void Validate(AttemptEnd end)
    {
        ArgumentNullException.ThrowIfNull(end);
        ArgumentOutOfRangeException.ThrowIfLessThan(end.Attempt, 1, nameof(end));
        if (end.NextState == HappyCallState.InProgress)
        {
            throw new ArgumentException("An ended attempt cannot leave the happy call InProgress (AttemptEnd.NextState).", nameof(end));
        }

        if (end.NextState == HappyCallState.Pending && end.NextAttemptAt is null)
        {
            throw new ArgumentException("A retry needs its due time (AttemptEnd.NextAttemptAt).", nameof(end));
        }

        if (end.SipStatus is < 100 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end.SipStatus, "A SIP status (AttemptEnd.SipStatus) is between 100 and 699.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(end.SurveyVersion, nameof(end));
    }

    private async Task AppendChangeAsync(
        NpgsqlConnection connection, long happyCallId, bool created, DateTimeOffset changedAt, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(AppendChangeSql, connection);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = happyCallId });
            command.Parameters.Add(new() { Value = created });
            command.Parameters.Add(new() { Value = changedAt });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        NoteChangeWhenOver();
    }

    /// <summary>
    /// Tells the signal of a result written here once it is visible or gone: when the transaction it runs in ends
    /// (System.Transactions raises the event after the commit or rollback, before the scope's Dispose returns), or at
    /// once when there is none (the statement committed on its own).
    /// </summary>
    private void NoteChangeWhenOver()
    {
        if (_signal is null)
        {
            return;
        }

        if (Transaction.Current is { } transaction)
        {
            transaction.TransactionCompleted += _noteChange;
        }
        else
        {
            _signal.NoteLocalChange();
        }
    }

    private static async Task ExpectOneAsync(NpgsqlCommand command, long happyCallId, CancellationToken cancellationToken)
    {
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new KeyNotFoundException($"There is no happy call {happyCallId}.");
        }
    }

    private static NpgsqlParameter Timestamp(DateTimeOffset? value) => new()
    {
        Value = value is { } at ? at.ToUniversalTime() : DBNull.Value,
        NpgsqlDbType = NpgsqlDbType.TimestampTz,
    };

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
        => await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    private async Task<long?> ScalarPositionAsync(string sql, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new NpgsqlCommand(sql, connection);
            await using (command.ConfigureAwait(false))
            {
                var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return value is long position ? position : null;
            }
        }
    }

    private static Task<HappyCall?> GetAsync(NpgsqlConnection connection, long happyCallId, CancellationToken cancellationToken) =>
        GetOneAsync(connection, "h.id = $1", "= $1", happyCallId, cancellationToken);

    private static Task<HappyCall?> GetByServiceAsync(NpgsqlConnection connection, string serviceId, CancellationToken cancellationToken) =>
        GetOneAsync(connection, "h.service_id = $1", "= (SELECT id FROM happy_calls WHERE service_id = $1)", serviceId, cancellationToken);

    /// <summary>
    /// The happy call that <paramref name="condition"/> (on <c>h</c>) and the id test <paramref name="idTest"/> both
    /// select by <paramref name="key"/>, with its details, in one round trip.
    /// </summary>
    private static async Task<HappyCall?> GetOneAsync(
        NpgsqlConnection connection, string condition, string idTest, object key, CancellationToken cancellationToken)
    {
        var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { new NpgsqlBatchCommand($"SELECT {Columns} FROM happy_calls h WHERE {condition}") { Parameters = { new() { Value = key } } } },
        };
        await using (batch.ConfigureAwait(false))
        {
            AddDetailCommands(batch, idTest, key);
            var calls = await ReadWithDetailsAsync(batch, cancellationToken).ConfigureAwait(false);
            return calls.Count == 0 ? null : calls[0];
        }
    }

    /// <summary>Adds the answers and call record ids of all <paramref name="calls"/> with one round trip (two queries).</summary>
    private static async Task<List<HappyCall>> WithDetailsAsync(
        NpgsqlConnection connection, List<HappyCall> calls, CancellationToken cancellationToken)
    {
        if (calls.Count == 0)
        {
            return calls;
        }

        var ids = new long[calls.Count];
        for (var i = 0; i < calls.Count; i++)
        {
            ids[i] = calls[i].Id;
        }

        var batch = new NpgsqlBatch(connection);
        await using (batch.ConfigureAwait(false))
        {
            AddDetailCommands(batch, "= ANY ($1)", ids);
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await ReadDetailsAsync(reader, calls, cancellationToken).ConfigureAwait(false);
            }
        }

        return calls;
    }

    /// <summary>
    /// Adds the two detail queries (answers, call record ids) of the happy calls whose id passes
    /// <paramref name="idTest"/> with <paramref name="key"/> as its parameter to <paramref name="batch"/>.
    /// </summary>
    private static void AddDetailCommands(NpgsqlBatch batch, string idTest, object key)
    {
        var filter = "happy_call_id " + idTest;
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT happy_call_id, question_id, kind, value, choice_id, digits, method, answered_at, attempt
            FROM survey_answers WHERE {filter}
            ORDER BY happy_call_id, answered_at, question_id
            """) { Parameters = { new() { Value = key } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT happy_call_id, call_record_id FROM happy_call_attempts
            WHERE {filter} AND call_record_id IS NOT NULL
            ORDER BY happy_call_id, attempt
            """) { Parameters = { new() { Value = key } } });
    }

    /// <summary>Runs a batch of one happy-call query followed by its <see cref="AddDetailCommands"/>: the calls with their details.</summary>
    private static async Task<List<HappyCall>> ReadWithDetailsAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var calls = await ReadCallsAsync(reader, cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await ReadDetailsAsync(reader, calls, cancellationToken).ConfigureAwait(false);
            return calls;
        }
    }

    /// <summary>Reads the two detail result sets at the reader's position onto <paramref name="calls"/>.</summary>
    private static async Task ReadDetailsAsync(NpgsqlDataReader reader, List<HappyCall> calls, CancellationToken cancellationToken)
    {
        var answers = new Dictionary<long, List<SurveyAnswerRecord>>();
        var callIds = new Dictionary<long, List<long>>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var answer = new SurveyAnswerRecord(
                reader.GetString(1),
                reader.GetString(2),
                reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5),
                CallRecordText.ToDigitMethod(reader.GetString(6)),
                reader.GetFieldValue<DateTimeOffset>(7),
                reader.GetInt32(8));
            ListFor(answers, reader.GetInt64(0)).Add(answer);
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ListFor(callIds, reader.GetInt64(0)).Add(reader.GetInt64(1));
        }

        for (var i = 0; i < calls.Count; i++)
        {
            var call = calls[i];
            if (answers.TryGetValue(call.Id, out var callAnswers) | callIds.TryGetValue(call.Id, out var records))
            {
                calls[i] = call with { Answers = callAnswers ?? call.Answers, CallIds = records ?? call.CallIds };
            }
        }

        static List<T> ListFor<T>(Dictionary<long, List<T>> lists, long id)
        {
            if (!lists.TryGetValue(id, out var list))
            {
                list = [];
                lists[id] = list;
            }

            return list;
        }
    }

    private static async Task<HappyCall?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var calls = await ReadManyAsync(command, cancellationToken).ConfigureAwait(false);
        return calls.Count == 0 ? null : calls[0];
    }

    private static async Task<List<HappyCall>> ReadManyAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await ReadCallsAsync(reader, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The happy calls of the reader's current result set.</summary>
    private static async Task<List<HappyCall>> ReadCallsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var calls = new List<HappyCall>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            calls.Add(Read(reader));
        }

        return calls;
    }

    private static HappyCall Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.GetString(7),
        reader.GetString(8),
        reader.GetFieldValue<DateTimeOffset>(9),
        reader.GetString(10),
        reader.GetString(11),
        reader.GetInt32(12),
        HappyCallText.ToState(reader.GetString(13)),
        HappyCallText.ToOutcome(reader.GetString(14)),
        reader.GetInt32(15),
        reader.GetInt32(16),
        reader.IsDBNull(17) ? null : reader.GetFieldValue<DateTimeOffset>(17),
        reader.GetBoolean(18),
        reader.GetBoolean(19),
        reader.IsDBNull(20) ? null : reader.GetString(20),
        reader.GetFieldValue<DateTimeOffset>(21),
        reader.GetFieldValue<DateTimeOffset>(22))
    {
        CancelRequested = reader.GetBoolean(23),
        CommentPath = reader.IsDBNull(24) ? null : reader.GetString(24),
    };
}
