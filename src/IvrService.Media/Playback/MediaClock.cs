using System.Diagnostics;

namespace IvrService.Media.Playback;

/// <summary>
/// The shared pacing clock: a small, fixed number of loop threads, each serving many streams per tick,
/// every <see cref="Period"/> on absolute deadlines (so timing errors never accumulate). Never a timer or a
/// thread per call.
/// </summary>
public sealed class MediaClock : IDisposable
{
    private readonly ClockLoop[] _loops;
    private int _nextLoop;

    public MediaClock(int loopCount, TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(loopCount, 1);
        Period = period;
        _loops = new ClockLoop[loopCount];
        for (var i = 0; i < loopCount; i++)
        {
            _loops[i] = new ClockLoop(this, i);
        }
    }

    public TimeSpan Period { get; }

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
    public long LateTicks
    {
        get
        {
            long late = 0;
            foreach (var loop in _loops)
            {
                late += Interlocked.Read(ref loop.LateTicks);
            }

            return late;
        }
    }

    /// <summary>Ticks dropped because a loop fell more than two periods behind and caught up.</summary>
    public long SkippedTicks
    {
        get
        {
            long skipped = 0;
            foreach (var loop in _loops)
            {
                skipped += Interlocked.Read(ref loop.SkippedTicks);
            }

            return skipped;
        }
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
        private volatile IPacedStream[] _streams = [];
        private volatile bool _running;
        private Thread? _thread;
        private long _tick;

        public long LateTicks;
        public long SkippedTicks;

        public ClockLoop(MediaClock clock, int index)
        {
            _clock = clock;
            _index = index;
        }

        public int Count => _streams.Length;

        public void Add(IPacedStream stream)
        {
            lock (_gate)
            {
                _streams = [.. _streams, stream];
            }
        }

        public void Remove(IPacedStream stream)
        {
            lock (_gate)
            {
                var index = Array.IndexOf(_streams, stream);
                if (index < 0)
                {
                    return;
                }

                var copy = new IPacedStream[_streams.Length - 1];
                Array.Copy(_streams, 0, copy, 0, index);
                Array.Copy(_streams, index + 1, copy, index, copy.Length - index);
                _streams = copy;
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

        public void Tick()
        {
            var tick = _tick++;
            foreach (var stream in _streams)
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
        }

        private void Run()
        {
            var period = (long)(_clock.Period.TotalSeconds * Stopwatch.Frequency);
            var halfPeriod = period / 2;
            var deadline = Stopwatch.GetTimestamp() + period;
            while (_running)
            {
                var now = Stopwatch.GetTimestamp();
                var wait = deadline - now;
                if (wait > 0)
                {
                    Thread.Sleep(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                    continue;
                }

                if (-wait > halfPeriod)
                {
                    Interlocked.Increment(ref LateTicks);
                }

                Tick();
                deadline += period;
                var behind = Stopwatch.GetTimestamp() - deadline;
                if (behind > 2 * period)
                {
                    // Far behind (a stall): skip the missed ticks instead of bursting them out.
                    var missed = behind / period;
                    deadline += missed * period;
                    Interlocked.Add(ref SkippedTicks, missed);
                }
            }
        }
    }
}
