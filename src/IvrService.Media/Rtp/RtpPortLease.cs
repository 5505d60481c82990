using System.Net;
using System.Net.Sockets;

namespace IvrService.Media.Rtp;

/// <summary>
/// An RTP/RTCP port pair bound on a local address, from <see cref="RtpPortPool"/>. Disposing closes
/// both sockets and hands the pair back to the pool.
/// </summary>
public sealed class RtpPortLease : IDisposable
{
    private readonly Action<int> _release;
    private int _disposed;

    internal RtpPortLease(IPAddress localAddress, int rtpPort, Socket rtpSocket, Socket rtcpSocket, Action<int> release)
    {
        LocalAddress = localAddress;
        RtpPort = rtpPort;
        RtpSocket = rtpSocket;
        RtcpSocket = rtcpSocket;
        _release = release;
    }

    public IPAddress LocalAddress { get; }

    /// <summary>The even port carrying RTP.</summary>
    public int RtpPort { get; }

    /// <summary>The odd port above <see cref="RtpPort"/>, carrying RTCP.</summary>
    public int RtcpPort => RtpPort + 1;

    public Socket RtpSocket { get; }

    public Socket RtcpSocket { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        RtpSocket.Dispose();
        RtcpSocket.Dispose();
        _release(RtpPort);
    }
}
