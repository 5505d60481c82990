using System.Net;
using System.Net.Sockets;
using IvrService.Media.Rtp;

namespace IvrService.Media.Tests.Session;

/// <summary>The far end of a call's media on loopback: sends RTP we build and reads what the session sends.</summary>
internal sealed class RtpPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private ushort _sequence = 100;

    public RtpPeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public void Send(IPEndPoint target, byte payloadType, uint timestamp, ReadOnlySpan<byte> payload, bool marker = false, uint ssrc = 0x1234)
    {
        var buffer = new byte[RtpHeader.FixedSize + payload.Length];
        new RtpHeader(payloadType, _sequence++, timestamp, ssrc, marker).Write(buffer);
        payload.CopyTo(buffer.AsSpan(RtpHeader.FixedSize));
        _socket.SendTo(buffer, target);
    }

    /// <summary>The next RTP packet within the timeout (header and payload copy), or null.</summary>
    public async Task<(RtpHeader Header, byte[] Payload)?> ReceiveAsync(TimeSpan timeout)
    {
        var buffer = new byte[2048];
        using var cts = new CancellationTokenSource(timeout);
        int received;
        try
        {
            received = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        }
        catch (OperationCanceledException) when (_socket.Available > 0)
        {
            // On a busy machine the timeout can fire before the continuation runs although the packet is there.
            received = _socket.Receive(buffer);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        Assert.True(RtpHeader.TryParse(buffer.AsSpan(0, received), out var header), "the session sent a packet that is not RTP");
        return (header, buffer.AsSpan(header.PayloadOffset, header.PayloadLength).ToArray());
    }

    /// <summary>Drops whatever is queued on the socket.</summary>
    public void Drain()
    {
        var buffer = new byte[2048];
        while (_socket.Available > 0)
        {
            _socket.Receive(buffer);
        }
    }

    public void Dispose() => _socket.Dispose();
}
