using System.Buffers;
using System.Collections.Concurrent;
using System.Net;

namespace IvrService.Sip.Security;

/// <summary>
/// A token bucket per source address (IPv6 per configured prefix): each source may send
/// <see cref="SipSecurityOptions.Burst"/> requests at once and <see cref="SipSecurityOptions.RequestsPerSecondPerSource"/>
/// sustained. Memory is bounded by <see cref="SipSecurityOptions.MaxTrackedSources"/> (it may be exceeded
/// by at most the number of threads adding a new source at the same moment). Thread-safe; checking an
/// already tracked source does not allocate.
/// </summary>
internal sealed class SourceRateLimiter
{
    private readonly ConcurrentDictionary<UInt128, Bucket> _buckets = new();
    private readonly TimeProvider _timeProvider;
    private readonly SourceAccessList? _exempt;
    private readonly double _capacity;
    private readonly double _tokensPerTimestampTick;
    private readonly long _idleTimestampTicks;
    private readonly int _maxTrackedSources;
    private readonly UInt128 _ipv6Mask;
    private readonly Lock _evictionGate = new();
    private int _trackedSources;

    public SourceRateLimiter(SipSecurityOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.RequestsPerSecondPerSource);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Burst, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxTrackedSources, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.IdleSourceTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Ipv6SourcePrefixLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Ipv6SourcePrefixLength, 128);

        _timeProvider = timeProvider;
        _exempt = options.RateLimitExemptSources is { Length: > 0 } exempt ? SourceAccessList.Create(exempt) : null;
        _capacity = options.Burst;
        _tokensPerTimestampTick = options.RequestsPerSecondPerSource / timeProvider.TimestampFrequency;
        _idleTimestampTicks = (long)(options.IdleSourceTimeout.TotalSeconds * timeProvider.TimestampFrequency);
        _maxTrackedSources = options.MaxTrackedSources;
        _ipv6Mask = AddressBits.Mask(options.Ipv6SourcePrefixLength);
    }

    /// <summary>The number of sources currently tracked.</summary>
    public int TrackedSourceCount => Volatile.Read(ref _trackedSources);

    /// <summary>Takes one token for <paramref name="source"/>; false means drop the request.</summary>
    public bool TryAcquire(IPAddress source)
    {
        var address = AddressBits.ToUInt128(source, out var isIPv4);
        if (_exempt is not null && _exempt.IsAllowed(address, isIPv4))
        {
            return true;
        }

        var key = isIPv4 ? address : address & _ipv6Mask;
        var now = _timeProvider.GetTimestamp();
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            bucket = Track(key, now);
        }

        return bucket.TryTake(now, _tokensPerTimestampTick, _capacity);
    }

    /// <summary>
    /// Forgets sources idle for longer than <see cref="SipSecurityOptions.IdleSourceTimeout"/>. Called
    /// when the table is full; the listener may also call it from a periodic timer. Returns how many went.
    /// </summary>
    public int EvictIdle()
    {
        lock (_evictionGate)
        {
            return EvictIdleLocked(_timeProvider.GetTimestamp());
        }
    }

    private Bucket Track(UInt128 key, long now)
    {
        if (Volatile.Read(ref _trackedSources) >= _maxTrackedSources)
        {
            MakeRoom(now);
        }

        var created = new Bucket(_capacity, now);
        if (_buckets.TryAdd(key, created))
        {
            Interlocked.Increment(ref _trackedSources);
            return created;
        }

        // Another thread added it first; if it was evicted meanwhile, this untracked bucket still serves.
        return _buckets.TryGetValue(key, out var existing) ? existing : created;
    }

    private void MakeRoom(long now)
    {
        lock (_evictionGate)
        {
            if (Volatile.Read(ref _trackedSources) < _maxTrackedSources)
            {
                return;
            }

            if (EvictIdleLocked(now) > 0 && Volatile.Read(ref _trackedSources) < _maxTrackedSources)
            {
                return;
            }

            EvictLeastRecentlySeenLocked();
        }
    }

    private int EvictIdleLocked(long now)
    {
        var evicted = 0;
        foreach (var entry in _buckets)
        {
            if (now - entry.Value.LastSeen > _idleTimestampTicks && Remove(entry))
            {
                evicted++;
            }
        }

        return evicted;
    }

    // Everyone is active (a flood from many addresses): forget the least recently seen tenth, so that
    // the sort is paid once per many new sources rather than once per packet. A forgotten source starts
    // again with a full bucket, which errs on the side of letting a legitimate peer through.
    private void EvictLeastRecentlySeenLocked()
    {
        var count = _buckets.Count;
        if (count == 0)
        {
            return;
        }

        var lastSeen = ArrayPool<long>.Shared.Rent(count);
        try
        {
            var filled = 0;
            foreach (var entry in _buckets)
            {
                if (filled == count)
                {
                    break;
                }

                lastSeen[filled++] = entry.Value.LastSeen;
            }

            var seen = lastSeen.AsSpan(0, filled);
            seen.Sort();
            var cutoff = seen[Math.Max(0, (filled / 10) - 1)];
            foreach (var entry in _buckets)
            {
                if (entry.Value.LastSeen <= cutoff)
                {
                    Remove(entry);
                }
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(lastSeen);
        }
    }

    private bool Remove(KeyValuePair<UInt128, Bucket> entry)
    {
        if (_buckets.TryRemove(entry))
        {
            Interlocked.Decrement(ref _trackedSources);
            return true;
        }

        return false;
    }

    private sealed class Bucket(double tokens, long now)
    {
        private readonly Lock _gate = new();
        private double _tokens = tokens;
        private long _lastRefill = now;
        private long _lastSeen = now;

        public long LastSeen => Volatile.Read(ref _lastSeen);

        public bool TryTake(long now, double tokensPerTick, double capacity)
        {
            lock (_gate)
            {
                var elapsed = now - _lastRefill;
                if (elapsed > 0)
                {
                    _tokens = Math.Min(capacity, _tokens + (elapsed * tokensPerTick));
                    _lastRefill = now;
                }

                Volatile.Write(ref _lastSeen, now);
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return true;
                }

                return false;
            }
        }
    }
}
