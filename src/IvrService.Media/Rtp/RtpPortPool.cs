using System.Net;
using System.Net.Sockets;

namespace IvrService.Media.Rtp;

/// <summary>
/// Hands out RTP/RTCP port pairs (RTP even, RTCP + 1) from <see cref="MediaOptions.RtpPortStart"/>..
/// <see cref="MediaOptions.RtpPortEnd"/> by binding real UDP sockets, so ports another process holds are
/// skipped. Allocation goes round-robin over the range, so a pair just released is reused only after
/// the rest of the range. Thread-safe.
/// </summary>
public sealed class RtpPortPool
{
    private readonly Lock _lock = new();
    private readonly bool[] _inUse;
    private readonly int _start;
    private readonly int _end;
    private int _next;
    private int _leased;

    public RtpPortPool(MediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        _start = options.RtpPortStart;
        _end = options.RtpPortEnd;
        _inUse = new bool[(_end - _start + 1) / 2];
    }

    /// <summary>Number of RTP/RTCP pairs the range holds.</summary>
    public int Capacity => _inUse.Length;

    /// <summary>Number of pairs leased and not yet disposed.</summary>
    public int LeasedCount
    {
        get
        {
            lock (_lock)
            {
                return _leased;
            }
        }
    }

    /// <summary>Binds the next free pair on <paramref name="localAddress"/> (IPv4 or IPv6).</summary>
    /// <exception cref="InvalidOperationException">Every pair in the range is leased or bound by another process.</exception>
    public RtpPortLease Allocate(IPAddress localAddress)
    {
        if (TryAllocate(localAddress, out var lease, out var skipped))
        {
            return lease;
        }

        throw new InvalidOperationException(
            $"No free RTP/RTCP port pair on {localAddress} in {MediaOptions.SectionName}:{nameof(MediaOptions.RtpPortStart)}.."
            + $"{MediaOptions.SectionName}:{nameof(MediaOptions.RtpPortEnd)} ({_start}–{_end}, {Capacity} pairs): "
            + $"{LeasedCount} leased by this process, {skipped} in use by other processes. Widen the range or lower the call limit.");
    }

    /// <summary>Like <see cref="Allocate"/>, but returns false when the range is exhausted.</summary>
    public bool TryAllocate(IPAddress localAddress, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RtpPortLease? lease) =>
        TryAllocate(localAddress, out lease, out _);

    private bool TryAllocate(IPAddress localAddress, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RtpPortLease? lease, out int skipped)
    {
        ArgumentNullException.ThrowIfNull(localAddress);
        skipped = 0;
        lock (_lock)
        {
            for (var tried = 0; tried < _inUse.Length; tried++)
            {
                var index = _next;
                _next = (_next + 1) % _inUse.Length;
                if (_inUse[index])
                {
                    continue;
                }

                var port = _start + (index * 2);
                if (!TryBindPair(localAddress, port, out var rtp, out var rtcp))
                {
                    skipped++;
                    continue;
                }

                _inUse[index] = true;
                _leased++;
                lease = new RtpPortLease(localAddress, port, rtp, rtcp, Release);
                return true;
            }
        }

        lease = null;
        return false;
    }

    private void Release(int rtpPort)
    {
        lock (_lock)
        {
            _inUse[(rtpPort - _start) / 2] = false;
            _leased--;
        }
    }

    private static bool TryBindPair(IPAddress localAddress, int port, out Socket rtp, out Socket rtcp)
    {
        rtp = null!;
        rtcp = null!;
        var first = TryBind(localAddress, port);
        if (first is null)
        {
            return false;
        }

        var second = TryBind(localAddress, port + 1);
        if (second is null)
        {
            first.Dispose();
            return false;
        }

        rtp = first;
        rtcp = second;
        return true;
    }

    private static Socket? TryBind(IPAddress localAddress, int port)
    {
        var socket = new Socket(localAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (OperatingSystem.IsWindows())
            {
                socket.ExclusiveAddressUse = true;
            }

            socket.Bind(new IPEndPoint(localAddress, port));
            return socket;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            socket.Dispose();
            return null;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
