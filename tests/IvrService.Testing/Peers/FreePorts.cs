using System.Net;
using System.Net.Sockets;

namespace IvrService.Testing;

/// <summary>
/// Hands out loopback ports for peers and for our own listeners. Ports come from a range below
/// Linux's ephemeral range (32768+), start at an offset derived from the process id so parallel
/// test processes rarely meet, are never handed out twice while leased inside this process, and
/// are checked free for both UDP and TCP on 127.0.0.1 before they are returned.
/// </summary>
public static class FreePorts
{
    /// <summary>First port of the range handed out.</summary>
    public const int RangeStart = 20000;

    /// <summary>One past the last port of the range handed out.</summary>
    public const int RangeEnd = 32000;

    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Leased = [];
    private static int _next = RangeStart + (Environment.ProcessId * 397 % (RangeEnd - RangeStart));

    /// <summary>One port free for UDP and TCP on 127.0.0.1, leased until <see cref="Release"/>.</summary>
    public static int Next() => NextBlock(1);

    /// <summary>
    /// An even port whose successor is free too (RTP and RTCP), leased until released; returns
    /// the even one.
    /// </summary>
    public static int NextRtpPair() => NextEvenBlock(2);

    /// <summary>
    /// <paramref name="count"/> consecutive free ports starting at an even one (SIPp's -mp takes
    /// the port and the port + 2), leased until released; returns the first.
    /// </summary>
    public static int NextEvenBlock(int count)
    {
        lock (Gate)
        {
            if (_next % 2 != 0)
            {
                _next++;
            }

            return NextBlock(count + (count % 2));
        }
    }

    /// <summary>
    /// <paramref name="count"/> consecutive ports, all free for UDP and TCP, leased until released;
    /// returns the first.
    /// </summary>
    public static int NextBlock(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (Gate)
        {
            var range = RangeEnd - RangeStart;
            for (var attempt = 0; attempt < range; attempt++)
            {
                if (_next + count > RangeEnd)
                {
                    _next = RangeStart;
                }

                if (count % 2 == 0 && _next % 2 != 0)
                {
                    _next++;
                }

                var first = _next;
                _next += count;
                if (AllFree(first, count))
                {
                    for (var port = first; port < first + count; port++)
                    {
                        Leased.Add(port);
                    }

                    return first;
                }
            }

            throw new InvalidOperationException($"no {count} free consecutive loopback ports in {RangeStart}-{RangeEnd}");
        }
    }

    /// <summary>Returns leased ports so they can be handed out again (later; the counter moves on).</summary>
    public static void Release(params ReadOnlySpan<int> ports)
    {
        lock (Gate)
        {
            foreach (var port in ports)
            {
                Leased.Remove(port);
            }
        }
    }

    /// <summary>True when nothing in this machine holds <paramref name="port"/> on 127.0.0.1 for UDP.</summary>
    public static bool IsUdpFree(int port) => CanBind(SocketType.Dgram, ProtocolType.Udp, port);

    /// <summary>True when nothing in this machine holds <paramref name="port"/> on 127.0.0.1 for TCP.</summary>
    public static bool IsTcpFree(int port) => CanBind(SocketType.Stream, ProtocolType.Tcp, port);

    private static bool AllFree(int first, int count)
    {
        for (var port = first; port < first + count; port++)
        {
            if (Leased.Contains(port) || !IsUdpFree(port) || !IsTcpFree(port))
            {
                return false;
            }
        }

        return true;
    }

    private static bool CanBind(SocketType type, ProtocolType protocol, int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
            socket.ExclusiveAddressUse = false;
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
