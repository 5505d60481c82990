using System.Diagnostics;
using Npgsql;

namespace IvrService.Benchmarks.Surveys;

/// <summary>
/// Result changes written the way the store writes them (the result row and <c>append_survey_result_change</c> in one
/// transaction), one at a time on a fixed schedule, on a connection of its own: the load of results changing while
/// the API is read. Each change moves the updated time of one of the first 1,000 seeded results.
/// </summary>
internal sealed class ChangeWriter : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writing;
    private long _written;

    private ChangeWriter(NpgsqlConnection db, IReadOnlyList<long> ids, double perSecond)
    {
        _writing = Task.Run(() => WriteAsync(db, ids, perSecond, _stop.Token));
    }

    /// <summary>Changes committed so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Starts writing <paramref name="perSecond"/> changes a second until disposed.</summary>
    public static async Task<ChangeWriter> StartAsync(string connectionString, double perSecond)
    {
        var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        return new ChangeWriter(db, await SeededIdsAsync(db), perSecond);
    }

    /// <summary>The ids of the first 1,000 seeded results.</summary>
    public static async Task<List<long>> SeededIdsAsync(NpgsqlConnection db)
    {
        var ids = new List<long>();
        await using var pick = new NpgsqlCommand("SELECT id FROM happy_calls WHERE service_id LIKE 'bench-svc-%' ORDER BY id LIMIT 1000", db);
        await using var reader = await pick.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <summary>One result change as the store writes it: the row and its change in one transaction; the change's position.</summary>
    public static async Task<long> WriteChangeAsync(NpgsqlConnection db, long id, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await using var update = new NpgsqlCommand("UPDATE happy_calls SET updated_at = now() WHERE id = $1", db, transaction);
        update.Parameters.Add(new NpgsqlParameter { Value = id });
        await update.ExecuteNonQueryAsync(cancellationToken);
        await using var append = new NpgsqlCommand("SELECT append_survey_result_change($1, false, now())", db, transaction);
        append.Parameters.Add(new NpgsqlParameter { Value = id });
        var position = (long)(await append.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return position;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _writing;
        _stop.Dispose();
    }

    private async Task WriteAsync(NpgsqlConnection db, IReadOnlyList<long> ids, double perSecond, CancellationToken stop)
    {
        await using (db)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0L; !stop.IsCancellationRequested; i++)
            {
                var due = start + (long)(i / perSecond * Stopwatch.Frequency);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                try
                {
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, stop);
                    }

                    await WriteChangeAsync(db, ids[(int)(i % ids.Count)], stop);
                    Interlocked.Increment(ref _written);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }
}
