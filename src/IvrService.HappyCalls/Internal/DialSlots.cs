using IvrService.Storage;
using Npgsql;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// The global cap on concurrent outbound calls, shared by every instance using the database: slot i of N is the
/// advisory lock (<see cref="AdvisoryLockKeys.DialSlotClass"/>, i). Nothing to clean after a crash — a dead
/// instance's sessions end and their slots free themselves.
/// </summary>
internal sealed class DialSlots(IvrDatabase database, TimeProvider time)
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>A free slot of <paramref name="capacity"/>, or null when all are held.</summary>
    public async Task<DialSlotLease?> TryAcquireAsync(int capacity, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One round trip: the slots in turn from a random one (so instances do not all contend for slot 0
            // first) until one is taken; the scan stops at the first lock it gets, so no second slot is held.
            // (The executor pulls rows one at a time up to the LIMIT; no subquery, so the filter cannot run ahead.)
            await using var command = new NpgsqlCommand("""
                SELECT (i + $3) % $2 FROM generate_series(0, $2 - 1) AS i
                WHERE pg_try_advisory_lock($1, (i + $3) % $2)
                LIMIT 1
                """, connection);
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = AdvisoryLockKeys.DialSlotClass });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = capacity });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Random.Shared.Next(capacity) });
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int slot)
            {
                return new DialSlotLease(connection, slot);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>Waits for a free slot until <paramref name="maxWait"/> passes (then null).</summary>
    public async Task<DialSlotLease?> AcquireAsync(int capacity, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + maxWait;
        while (true)
        {
            var lease = await TryAcquireAsync(capacity, cancellationToken).ConfigureAwait(false);
            if (lease is not null || time.GetUtcNow() >= deadline)
            {
                return lease;
            }

            var jitter = TimeSpan.FromMilliseconds(Random.Shared.Next(100));
            await Task.Delay(RetryInterval + jitter, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Takes the attempt lock of a happy call on a session of its own, for an attempt that uses no trunk channel (a
    /// call-in); the lease's slot is -1. Null when a live session holds the lock.
    /// </summary>
    public async Task<DialSlotLease?> TryHoldAttemptAsync(long happyCallId, CancellationToken cancellationToken)
    {
        var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var lease = new DialSlotLease(connection, -1);
        try
        {
            if (await lease.TryLockAttemptAsync(happyCallId, cancellationToken).ConfigureAwait(false))
            {
                return lease;
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>True when a live session holds the attempt lock of the happy call (its attempt is being dialled).</summary>
    public async Task<bool> IsAttemptAliveAsync(long happyCallId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT CASE WHEN pg_try_advisory_lock($1) THEN NOT pg_advisory_unlock($1) ELSE true END", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AdvisoryLockKeys.Attempt(happyCallId) });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
