using IvrService.Storage;
using Npgsql;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// The global cap on concurrent outbound calls, shared by every instance using the database: slot i of N is the
/// advisory lock (<see cref="AdvisoryLockKeys.DialSlotClass"/>, i). Nothing to clean after a crash — a dead
/// instance's sessions end and their slots free themselves. A job waiting for a slot asks the database again when a
/// slot of this instance is released (one waiter at a time) or, for the other instances' slots, about once a second:
/// with every channel busy the waiting jobs cost the database little.
/// </summary>
internal sealed class DialSlots(IvrDatabase database, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    /// <summary>Counts to one when a slot of this instance is released: wakes one waiter.</summary>
    private readonly SemaphoreSlim _released = new(0, 1);
    private readonly Lock _releaseGate = new();

    private const string FreeSlotSql = """
        SELECT (i + $3) % $2 AS slot FROM generate_series(0, $2 - 1) AS i
        WHERE pg_try_advisory_lock($1, (i + $3) % $2)
        LIMIT 1
        """;

    /// <summary>A free slot of <paramref name="capacity"/>, or null when all are held.</summary>
    public Task<DialSlotLease?> TryAcquireAsync(int capacity, CancellationToken cancellationToken) =>
        TryTakeAsync(capacity, null, cancellationToken);

    /// <summary>
    /// A free slot of <paramref name="capacity"/> and, on its session in the same round trip, the attempt lock of the
    /// happy call; null when all slots are held. A lease without <see cref="DialSlotLease.AttemptLocked"/> means a live
    /// session holds the attempt lock (another worker dials it): dispose it.
    /// </summary>
    public Task<DialSlotLease?> TryAcquireForAsync(int capacity, long happyCallId, CancellationToken cancellationToken) =>
        TryTakeAsync(capacity, happyCallId, cancellationToken);

    /// <summary>Waits for a free slot (taken with the attempt lock of the happy call) until <paramref name="maxWait"/> passes (then null).</summary>
    public async Task<DialSlotLease?> AcquireForAsync(int capacity, long happyCallId, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + maxWait;
        while (true)
        {
            var lease = await TryAcquireForAsync(capacity, happyCallId, cancellationToken).ConfigureAwait(false);
            if (lease is not null || time.GetUtcNow() >= deadline)
            {
                return lease;
            }

            // Jitter, so that waiters of several instances do not ask at the same moment.
            var jitter = TimeSpan.FromMilliseconds(Random.Shared.Next(500));
            var wait = RetryInterval + jitter;
            var left = deadline - time.GetUtcNow();
            await WaitForReleaseAsync(left < wait ? left : wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Returns when a slot of this instance is released or <paramref name="wait"/> has passed.</summary>
    private async Task WaitForReleaseAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var released = _released.WaitAsync(stop.Token);
        var delay = Task.Delay(wait, time, stop.Token);
        await Task.WhenAny(released, delay).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Dispose() => _released.Dispose();

    private void OnReleased()
    {
        lock (_releaseGate)
        {
            if (_released.CurrentCount == 0)
            {
                _released.Release();
            }
        }
    }

    private async Task<DialSlotLease?> TryTakeAsync(int capacity, long? happyCallId, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One round trip: the slots in turn from a random one (so instances do not all contend for slot 0
            // first) until one is taken; the scan stops at the first lock it gets, so no second slot is held.
            // (The executor pulls rows one at a time up to the LIMIT; the filter cannot run ahead of it.) The
            // attempt lock, when asked for, is taken on the row the scan returns, so only with a slot.
            await using var command = new NpgsqlCommand(
                happyCallId is null
                    ? FreeSlotSql
                    : $"SELECT free.slot, pg_try_advisory_lock($4) FROM ({FreeSlotSql}) AS free",
                connection);
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = AdvisoryLockKeys.DialSlotClass });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = capacity });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Random.Shared.Next(capacity) });
            if (happyCallId is { } id)
            {
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AdvisoryLockKeys.Attempt(id) });
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return new DialSlotLease(connection, reader.GetInt32(0), happyCallId is not null && reader.GetBoolean(1), OnReleased);
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
