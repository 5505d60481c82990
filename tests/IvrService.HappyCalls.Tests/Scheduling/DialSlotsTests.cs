using IvrService.HappyCalls.Internal;
using IvrService.Testing;
using Npgsql;

namespace IvrService.HappyCalls.Tests.Scheduling;

public sealed class DialSlotsTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task TryAcquireAsync_GivesEachSlotOnce_UntilOneIsReleased()
    {
        await using var database = await HappyCallDatabase.StartAsync(postgres);
        var slots = new DialSlots(database, TimeProvider.System);

        var held = new List<DialSlotLease>();
        for (var i = 0; i < 3; i++)
        {
            held.Add((await slots.TryAcquireAsync(3, CancellationToken.None).WaitAsync(TestTimeouts.Default))!);
        }

        var fourth = await slots.TryAcquireAsync(3, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await held[1].DisposeAsync();
        var again = await slots.TryAcquireAsync(3, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        Assert.Equal([0, 1, 2], held.Select(l => l.Slot).Order());
        Assert.Null(fourth);
        Assert.Equal(held[1].Slot, again!.Slot);
        await again.DisposeAsync();
        foreach (var lease in held)
        {
            await lease.DisposeAsync();
        }
    }

    [Fact]
    public async Task AttemptLock_IsAliveWhileHeld_AndFreesItselfWhenTheSessionDies()
    {
        await using var database = await HappyCallDatabase.StartAsync(postgres);
        var slots = new DialSlots(database, TimeProvider.System);
        var lease = (await slots.TryAcquireAsync(1, CancellationToken.None).WaitAsync(TestTimeouts.Default))!;

        var locked = await lease.TryLockAttemptAsync(42, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var aliveWhileHeld = await slots.IsAttemptAliveAsync(42, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var otherCall = await slots.IsAttemptAliveAsync(43, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        // A crash: the server ends the session that held the locks.
        await using (var admin = await database.DataSource.OpenConnectionAsync().AsTask().WaitAsync(TestTimeouts.Default))
        {
            await using var kill = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid()", admin);
            await kill.ExecuteNonQueryAsync().WaitAsync(TestTimeouts.Default);
        }

        await Task.Delay(200);
        var aliveAfterCrash = await slots.IsAttemptAliveAsync(42, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var slotAfterCrash = await slots.TryAcquireAsync(1, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        Assert.True(locked);
        Assert.True(aliveWhileHeld);
        Assert.False(otherCall);
        Assert.False(aliveAfterCrash);
        Assert.NotNull(slotAfterCrash);
        await slotAfterCrash.DisposeAsync();
        await lease.DisposeAsync();
    }
}
