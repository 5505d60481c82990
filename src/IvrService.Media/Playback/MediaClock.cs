using System.Diagnostics;

namespace IvrService.Media.Playback;

/// <summary>
/// The shared pacing clock: a small, fixed number of loop threads, each serving many streams per tick,
/// every <see cref="Period"/> on absolute deadlines (so timing errors never accumulate). Never a timer or a
/// thread per call. Each loop spreads its streams over <see cref="SlotsPerPeriod"/> evenly spaced slots, so a
/// wake-up sends a fraction of the packets and a stall delays few streams.
/// </summary>
public sealed class MediaClock : IDisposable
{
    private readonly ClockLoop[] _loops;
    private int _nextLoop;

    public MediaClock(int loopCount, TimeSpan period, int slotsPerPeriod = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(loopCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(slotsPerPeriod, 1);
        Period = period;
        SlotsPerPeriod = slotsPerPeriod;
        _loops = new ClockLoop[loopCount];
        for (var i = 0; i < loopCount; i++)
        {
            _loops[i] = new ClockLoop(this, i);
        }
    }

    public TimeSpan Period { get; }

    public int SlotsPerPeriod { get; }

    public int LoopCount => _loops.Length;

    public int StreamCount
    {
        get
        {
            var count = 0;
            foreach (var loop in _loops)
            {
                count += loop.Count;
            }

            return count;
        }
    }

    /// <summary>Ticks that started more than half a period after their deadline (a sign of overload).</summary>
    public long LateTicks => SumOverLoops(static loop => Interlocked.Read(ref loop.LateTicks));

    /// <summary>
    /// Packets whose stream had gone more than two periods (40 ms at 20 ms frames) without one before them: the
    /// gap a caller hears as a click or a gap, counted per stream of each slot that ran that late.
    /// </summary>
    public long LatePackets => SumOverLoops(static loop => Interlocked.Read(ref loop.LatePackets));

    /// <summary>Ticks dropped because a loop fell more than two periods behind and caught up.</summary>
    public long SkippedTicks => SumOverLoops(static loop => Interlocked.Read(ref loop.SkippedTicks));

    private long SumOverLoops(Func<ClockLoop, long> counter)
    {
        long sum = 0;
        foreach (var loop in _loops)
        {
            sum += counter(loop);
        }

        return sum;
    }

    /// <summary>Starts the loop threads; until then ticks are only delivered by <see cref="RunTickForTests"/>.</summary>
    public void Start()
    {
        foreach (var loop in _loops)
        {
            loop.Start();
        }
    }

    /// <summary>Adds a stream to the least loaded loop; dispose the result to remove it.</summary>
    public IDisposable Register(IPacedStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var start = Interlocked.Increment(ref _nextLoop);
        var best = _loops[(uint)start % (uint)_loops.Length];
        foreach (var loop in _loops)
        {
            if (loop.Count < best.Count)
            {
                best = loop;
            }
        }

        best.Add(stream);
        return new Registration(best, stream);
    }

    /// <summary>Delivers one tick on every loop, synchronously (unit tests drive time this way).</summary>
    internal void RunTickForTests()
    {
        foreach (var loop in _loops)
        {
            loop.Tick();
        }
    }

    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            loop.Stop();
        }
    }

    private sealed class Registration(ClockLoop loop, IPacedStream stream) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                loop.Remove(stream);
            }
        }
    }

    private sealed class ClockLoop
    {
        private readonly MediaClock _clock;
        private readonly int _index;
        private readonly Lock _gate = new();
        private readonly IPacedStream[][] _slots;
        private volatile bool _running;
        private Thread? _thread;
        private long _tick;

        public long LateTicks;
        public long LatePackets;
        public long SkippedTicks;

        public ClockLoop(MediaClock clock, int index)
        {
            _clock = clock;
            _index = index;
            _slots = new IPacedStream[clock.SlotsPerPeriod][];
            for (var i = 0; i < _slots.Length; i++)
            {
                _slots[i] = [];
            }
        }

        public int Count
        {
            get
            {
                var count = 0;
                for (var i = 0; i < _slots.Length; i++)
                {
                    count += Volatile.Read(ref _slots[i]).Length;
                }

                return count;
            }
        }

        public void Add(IPacedStream stream)
        {
            lock (_gate)
            {
                var emptiest = 0;
                for (var i = 1; i < _slots.Length; i++)
                {
                    if (_slots[i].Length < _slots[emptiest].Length)
                    {
                        emptiest = i;
                    }
                }

                Volatile.Write(ref _slots[emptiest], [.. _slots[emptiest], stream]);
            }
        }

        public void Remove(IPacedStream stream)
        {
            lock (_gate)
            {
                for (var i = 0; i < _slots.Length; i++)
                {
                    var index = Array.IndexOf(_slots[i], stream);
                    if (index < 0)
                    {
                        continue;
                    }

                    var copy = new IPacedStream[_slots[i].Length - 1];
                    Array.Copy(_slots[i], 0, copy, 0, index);
                    Array.Copy(_slots[i], index + 1, copy, index, copy.Length - index);
                    Volatile.Write(ref _slots[i], copy);
                    return;
                }
            }
        }

        public void Start()
        {
            _running = true;
            _thread = new Thread(Run)
            {
                IsBackground = true,
                Name = "media-clock-" + _index,
                Priority = ThreadPriority.AboveNormal,
            };
            _thread.Start();
        }

        public void Stop()
        {
            _running = false;
            _thread?.Join(TimeSpan.FromSeconds(2));
        }

        /// <summary>A whole period at once: every slot in turn.</summary>
        public void Tick()
        {
            for (var slot = 0; slot < _slots.Length; slot++)
            {
                TickSlot(slot, _tick);
            }

            _tick++;
        }

        private int TickSlot(int slot, long tick)
        {
            var streams = Volatile.Read(ref _slots[slot]);
            foreach (var stream in streams)
            {
                try
                {
                    stream.OnTick(tick);
                }
#pragma warning disable CA1031 // One broken stream must not stop the clock for every other call on the loop.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }

            return streams.Length;
        }

        private void Run()
        {
            Internal.RealtimeThread.TrySetNice(-15);
            Internal.RealtimeThread.TryTightenTimerSlack();
            var slotCount = _slots.Length;
            var slotPeriod = (long)(_clock.Period.TotalSeconds * Stopwatch.Frequency) / slotCount;
            var halfPeriod = slotPeriod * slotCount / 2;
            var sendGapLimit = slotPeriod * slotCount * 2;

            // When each slot last ran: a slot whose previous run is more than two periods back sent its
            // packets after a gap the far end hears.
            var lastRun = new long[slotCount];
            var deadline = Stopwatch.GetTimestamp() + slotPeriod;
            long step = 0;
            while (_running)
            {
                var now = Stopwatch.GetTimestamp();
                var wait = deadline - now;
                if (wait > 0)
                {
                    Internal.RealtimeThread.Sleep(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                    continue;
                }

                if (-wait > halfPeriod)
                {
                    Interlocked.Increment(ref LateTicks);
                }

                var slot = (int)(step % slotCount);
                var sent = TickSlot(slot, step / slotCount);
                if (lastRun[slot] != 0 && now - lastRun[slot] > sendGapLimit && sent > 0)
                {
                    Interlocked.Add(ref LatePackets, sent);
                }

                lastRun[slot] = now;
                step++;
                deadline += slotPeriod;
                var behind = Stopwatch.GetTimestamp() - deadline;
                if (behind > 2 * slotPeriod * slotCount)
                {
                    // Far behind (a stall): skip the missed periods instead of bursting them out.
                    var missed = behind / (slotPeriod * slotCount);
                    deadline += missed * slotPeriod * slotCount;
                    step += missed * slotCount;
                    Interlocked.Add(ref SkippedTicks, missed);
                }
            }
        }
    }
}
