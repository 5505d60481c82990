using IvrService.Storage.HappyCalls;
using Npgsql;

namespace IvrService.Storage.Internal;

/// <summary>
/// <see cref="ISurveyResultChangePruner"/> on <c>survey_result_changes</c> and its retention mark
/// (<c>survey_result_retention</c>, migration 0010). Each batch is its own short transaction: the retention try-lock,
/// then one statement that deletes a run of the oldest changes and raises the mark. It walks the primary key from the
/// lowest position, so it needs no index on the change time and reads no more than one batch of rows.
/// </summary>
internal sealed class NpgsqlSurveyResultChangePruner : ISurveyResultChangePruner
{
    /// <summary>Most changes one batch may delete: a batch must stay short whatever the caller asks.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>Transaction-scoped advisory lock of retention, "IvrSrcp" in ASCII (the change-order lock is "IvrSrch").</summary>
    public const long LockKey = 20677906698232688;

    // The run ends before the first candidate made at or after the cut-off and before the newest change (least()
    // ignores the null of "no recent candidate"; on an empty table the bound is null and nothing matches).
    private const string PruneSql = """
        WITH candidates AS (
            SELECT position, changed_at FROM survey_result_changes ORDER BY position LIMIT $2
        ), bound AS (
            SELECT least(
                (SELECT min(position) FROM candidates WHERE changed_at >= $1),
                (SELECT max(position) FROM survey_result_changes)) AS below
        ), deleted AS (
            DELETE FROM survey_result_changes c
            USING candidates k, bound b
            WHERE c.position = k.position AND k.position < b.below
            RETURNING c.position
        ), marked AS (
            UPDATE survey_result_retention
            SET pruned_through = greatest(pruned_through, (SELECT max(position) FROM deleted))
            WHERE EXISTS (SELECT 1 FROM deleted)
        )
        SELECT count(*)::integer FROM deleted
        """;

    private readonly IvrDatabase _database;

    public NpgsqlSurveyResultChangePruner(IvrDatabase database)
    {
        _database = database;
    }

    public async Task<int?> PruneAsync(DateTimeOffset changedBefore, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var locked = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock($1)", connection, transaction);
                await using (locked.ConfigureAwait(false))
                {
                    locked.Parameters.Add(new() { Value = LockKey });
                    if (await locked.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                    {
                        return null;
                    }
                }

                var prune = new NpgsqlCommand(PruneSql, connection, transaction);
                await using (prune.ConfigureAwait(false))
                {
                    prune.Parameters.Add(new() { Value = changedBefore.ToUniversalTime() });
                    prune.Parameters.Add(new() { Value = limit });
                    var deleted = (int)(await prune.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return deleted;
                }
            }
        }
    }
}
