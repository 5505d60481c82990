using IvrService.HappyCalls.Internal;
using IvrService.Testing;
using Microsoft.Extensions.Time.Testing;
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
    public async Task TryAcquireForAsync_TakesSlotWithAttemptLock_UnlessTheAttemptIsHeld()
    {
        await using var database = await HappyCallDatabase.StartAsync(postgres);
        var slots = new DialSlots(database, TimeProvider.System);

        var first = (await slots.TryAcquireForAsync(3, 42, CancellationToken.None).WaitAsync(TestTimeouts.Default))!;
        var sameCall = (await slots.TryAcquireForAsync(3, 42, CancellationToken.None).WaitAsync(TestTimeouts.Default))!;
        var otherCall = (await slots.TryAcquireForAsync(3, 43, CancellationToken.None).WaitAsync(TestTimeouts.Default))!;
        var full = await slots.TryAcquireForAsync(3, 44, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var aliveWhileHeld = await slots.IsAttemptAliveAsync(42, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var noCallWithoutSlot = await slots.IsAttemptAliveAsync(44, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        await first.DisposeAsync();
        var aliveAfterRelease = await slots.IsAttemptAliveAsync(42, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        Assert.Equal((true, false, true), (first.AttemptLocked, sameCall.AttemptLocked, otherCall.AttemptLocked));
        Assert.Equal([0, 1, 2], new[] { first.Slot, sameCall.Slot, otherCall.Slot }.Order());
        Assert.Null(full);
        Assert.Equal((true, false, false), (aliveWhileHeld, noCallWithoutSlot, aliveAfterRelease));
        await sameCall.DisposeAsync();
        await otherCall.DisposeAsync();
    }

    [Fact]
    public async Task AcquireForAsync_TakesTheSlot_WhenALeaseOfThisInstanceIsReleased()
    {
        // The clock stands still: only the release can wake the waiter before its 30 s.
        await using var database = await HappyCallDatabase.StartAsync(postgres);
        using var slots = new DialSlots(database, new FakeTimeProvider(DateTimeOffset.UtcNow));
        var held = (await slots.TryAcquireForAsync(1, 42, CancellationToken.None).WaitAsync(TestTimeouts.Default))!;

        var waiting = slots.AcquireForAsync(1, 43, TimeSpan.FromSeconds(30), CancellationToken.None);
        await Task.Delay(200);
        var stillWaiting = !waiting.IsCompleted;
        await held.DisposeAsync();
        var lease = await waiting.WaitAsync(TestTimeouts.Default);

        Assert.True(stillWaiting);
        Assert.NotNull(lease);
        Assert.True(lease.AttemptLocked);
        await lease.DisposeAsync();
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
