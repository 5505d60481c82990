using System.Net;
using System.Net.Sockets;
using IvrService.Sip.Internal;

namespace IvrService.Sip.Tests.Transport;

/// <summary>
/// A TCP peer that stops reading fills our socket buffers; a write must then give up and close the connection
/// instead of waiting forever with the write lock held (every later message to that peer would queue behind it).
/// A peer that connects and never sends a whole message is let go before the idle timeout.
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

    [Fact]
    public async Task ReadLoopAsync_Ends_WhenAPeerThatConnectedSendsNoWholeMessageInTime()
    {
        var (connection, peer) = await ConnectAsync(TimeSpan.FromMilliseconds(500));
        using var peerOwner = peer;
        using var connectionOwner = connection;
        var frames = 0;
        var reading = connection.ReadLoopAsync(_ => frames++, _ => { }, CancellationToken.None, awaitFirstMessage: true);

        // A keep-alive ping and the start of a request, then nothing.
        await peer.SendAsync("\r\n\r\nOPTIONS sip:ivr@127.0.0.1 SIP/2.0\r\n"u8.ToArray(), SocketFlags.None);
        await reading.WaitAsync(Wait);

        Assert.Equal(0, frames);
    }

    [Fact]
    public async Task ReadLoopAsync_Ends_WhenAMessageThatBeganTricklesInSlowerThanTheMessageTimeout()
    {
        var (connection, peer) = await ConnectAsync(TimeSpan.FromSeconds(1));
        using var peerOwner = peer;
        using var connectionOwner = connection;
        var frames = 0;
        var reading = connection.ReadLoopAsync(_ => Interlocked.Increment(ref frames), _ => { }, CancellationToken.None, awaitFirstMessage: true);

        // A whole message, then the next one a byte every 200 ms: each read is well within the idle timeout.
        await peer.SendAsync(Options("whole"), SocketFlags.None);
        var trickle = Options("trickled");
        var sent = 0;
        while (!reading.IsCompleted && sent < 50)
        {
            try
            {
                await peer.SendAsync(trickle.AsMemory(sent++, 1), SocketFlags.None);
            }
            catch (SocketException)
            {
                // Our side closed between the check and the send.
                break;
            }

            await Task.Delay(200);
        }

        await reading.WaitAsync(Wait);

        // Ended by the message timeout long before the trickle finished (how many bytes went meanwhile depends on how
        // late a loaded machine runs the 200 ms delays).
        Assert.Equal(1, Volatile.Read(ref frames));
        Assert.InRange(sent, 1, 40);
    }

    [Fact]
    public async Task ReadLoopAsync_KeepsTheConnectionPastTheMessageTimeout_WhenMessagesCameWhole()
    {
        var (connection, peer) = await ConnectAsync(TimeSpan.FromSeconds(1));
        using var peerOwner = peer;
        using var connectionOwner = connection;
        var frames = 0;
        var reading = connection.ReadLoopAsync(_ => Interlocked.Increment(ref frames), _ => { }, CancellationToken.None, awaitFirstMessage: true);

        // A message followed by a lone CRLF (a keep-alive some phones send): nothing is left half-way.
        byte[] firstAndCrlf = [.. Options("first"), .. "\r\n"u8];
        await peer.SendAsync(firstAndCrlf, SocketFlags.None);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var stillOpen = !reading.IsCompleted;
        await peer.SendAsync(Options("second"), SocketFlags.None);
        await Task.Delay(200);
        peer.Shutdown(SocketShutdown.Both);
        await reading.WaitAsync(Wait);

        Assert.True(stillOpen, "the connection was closed although its peer had sent a message");
        Assert.Equal(2, Volatile.Read(ref frames));
    }

    [Fact]
    public async Task Agent_ClosesAnAcceptedConnection_WhenNoMessageCameWithin64T1_ButKeepsOneThatTalked()
    {
        // Arrange: T1 of 20 ms makes 64*T1 1.28 s.
        await using var agent = new SipUserAgent(new SipOptions { ListenAddress = "127.0.0.1", Port = 0, EnableUdp = false, T1Milliseconds = 20, T2Milliseconds = 20 });
        agent.Start();
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var talking = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(agent.TcpEndPoint!).WaitAsync(Wait);
        await talking.ConnectAsync(agent.TcpEndPoint!).WaitAsync(Wait);

        // Act
        await talking.SendAsync(Options("talking"), SocketFlags.None);
        var buffer = new byte[4096];
        var answered = await talking.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(Wait);
        var closed = await silent.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(Wait);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await talking.SendAsync(Options("talking-again"), SocketFlags.None);
        var answeredAgain = await talking.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(Wait);

        // Assert
        Assert.True(answered > 0);
        Assert.Equal(0, closed);
        Assert.True(answeredAgain > 0);
    }

    /// <summary>Our connection (idle timeout 10 minutes) and the peer's socket at its other end.</summary>
    private static async Task<(SipTcpConnection Connection, Socket Peer)> ConnectAsync(TimeSpan messageTimeout)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await peer.ConnectAsync((IPEndPoint)listener.LocalEndPoint!).WaitAsync(Wait);
        var ours = await listener.AcceptAsync().WaitAsync(Wait);
        return (new SipTcpConnection(ours, (IPEndPoint)peer.LocalEndPoint!, TimeSpan.FromMinutes(10), messageTimeout), peer);
    }

    private static byte[] Options(string callId) => System.Text.Encoding.ASCII.GetBytes(
        "OPTIONS sip:ivr@127.0.0.1 SIP/2.0\r\n" +
        "Via: SIP/2.0/TCP 127.0.0.1:5099;branch=z9hG4bK" + callId + "\r\n" +
        "From: <sip:scanner@127.0.0.1>;tag=1\r\n" +
        "To: <sip:ivr@127.0.0.1>\r\n" +
        "Call-ID: " + callId + "\r\n" +
        "CSeq: 1 OPTIONS\r\n" +
        "Content-Length: 0\r\n\r\n");
}
