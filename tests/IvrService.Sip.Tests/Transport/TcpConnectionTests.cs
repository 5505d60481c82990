using System.Net;
using System.Net.Sockets;
using IvrService.Sip.Internal;

namespace IvrService.Sip.Tests.Transport;

/// <summary>
/// A TCP peer that stops reading fills our socket buffers; a write must then give up and close the connection
/// instead of waiting forever with the write lock held (every later message to that peer would queue behind it).
/// </summary>
public sealed class TcpConnectionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SendAsync_FailsAndClosesTheConnection_WhenThePeerStopsReading()
    {
        // Arrange: a peer that accepts and never reads; small buffers on both sides so they fill quickly.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var ours = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { SendBufferSize = 4096 };
        await ours.ConnectAsync((IPEndPoint)listener.LocalEndPoint!).WaitAsync(Wait);
        using var stalledPeer = await listener.AcceptAsync().WaitAsync(Wait);
        stalledPeer.ReceiveBufferSize = 4096;
        using var connection = new SipTcpConnection(ours, (IPEndPoint)stalledPeer.LocalEndPoint!, TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(500));
        var flood = new byte[16 * 1024 * 1024];

        // Act: the first write cannot finish; the second waits behind it for the write lock.
        var first = connection.SendAsync(flood, CancellationToken.None).AsTask();
        var second = connection.SendAsync(new byte[] { 13, 10 }, CancellationToken.None).AsTask();
        var firstError = await Assert.ThrowsAsync<SocketException>(() => first.WaitAsync(Wait));
        var secondError = await Assert.ThrowsAsync<SocketException>(() => second.WaitAsync(Wait));

        // Assert
        Assert.Equal(SocketError.TimedOut, firstError.SocketErrorCode);
        Assert.NotEqual(SocketError.Success, secondError.SocketErrorCode);
        Assert.True(connection.IsClosed);
    }
}
