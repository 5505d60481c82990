using Npgsql;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// One outbound channel, held as a session advisory lock on a connection kept open for the call. The same session
/// holds the lock of the happy call being dialled, which tells recovery that its attempt is alive. If the instance
/// dies, PostgreSQL ends the session and both locks free themselves.
/// </summary>
internal sealed class DialSlotLease(NpgsqlConnection connection, int slot, bool attemptLocked = false, Action? released = null)
    : IAsyncDisposable
{
    public int Slot { get; } = slot;

    /// <summary>True when the lease was taken with the attempt lock of the happy call it is for.</summary>
    public bool AttemptLocked { get; private set; } = attemptLocked;

    /// <summary>Takes the attempt lock of a happy call; false when a live session holds it (another worker dials it).</summary>
    public async Task<bool> TryLockAttemptAsync(long happyCallId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AdvisoryLockKeys.Attempt(happyCallId) });
        AttemptLocked = (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return AttemptLocked;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
                await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (NpgsqlException)
        {
            // The session is gone and its locks with it.
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            released?.Invoke();
        }
    }
}
