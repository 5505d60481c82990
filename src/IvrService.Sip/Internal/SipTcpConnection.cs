using System.Net;
using System.Net.Sockets;

namespace IvrService.Sip.Internal;

/// <summary>One TCP connection: a framing read loop and serialised writes, each bounded in time.</summary>
internal sealed class SipTcpConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeSpan _messageTimeout;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private int _closed;

    /// <param name="messageTimeout">How long one message may take to be written, or to arrive whole once it began.</param>
    public SipTcpConnection(Socket socket, IPEndPoint remote, TimeSpan idleTimeout, TimeSpan messageTimeout)
    {
        _socket = socket;
        Remote = remote;
        _idleTimeout = idleTimeout;
        _messageTimeout = messageTimeout;
    }

    public IPEndPoint Remote { get; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>
    /// Reads and frames messages until the peer closes, the connection is idle for the idle timeout, or a message that
    /// began does not arrive whole within the message timeout. With <paramref name="awaitFirstMessage"/> (connections a
    /// peer opened to us) the first message must also arrive within it: a scanner that connects and says nothing, only
    /// pings or trickles bytes does not hold a socket for the whole idle timeout.
    /// </summary>
    public async Task ReadLoopAsync(Action<byte[]> onFrame, Action<string> onError, CancellationToken cancellationToken, bool awaitFirstMessage = false)
    {
        var framer = new SipStreamFramer();
        var buffer = new byte[16 * 1024];
        using var messageDue = new CancellationTokenSource(awaitFirstMessage ? _messageTimeout : Timeout.InfiniteTimeSpan);
        var armed = awaitFirstMessage;
        while (!cancellationToken.IsCancellationRequested && !IsClosed)
        {
            int read;
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, messageDue.Token))
            {
                idle.CancelAfter(_idleTimeout);
                try
                {
                    read = await _socket.ReceiveAsync(buffer, SocketFlags.None, idle.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
            }

            if (read == 0)
            {
                return;
            }

            framer.Append(buffer.AsSpan(0, read));
            var tookMessage = false;
            while (true)
            {
                var kind = framer.TryTake(out var frame, out var error);
                if (kind == SipStreamFramer.FrameKind.None)
                {
                    break;
                }

                switch (kind)
                {
                    case SipStreamFramer.FrameKind.Message:
                        tookMessage = true;
                        onFrame(frame);
                        break;
                    case SipStreamFramer.FrameKind.KeepAlivePing:
                        // RFC 5626 §3.5.1: answer a double-CRLF ping with a single-CRLF pong.
                        try
                        {
                            await SendAsync("\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                        }
                        catch (SocketException)
                        {
                            return;
                        }

                        break;
                    case SipStreamFramer.FrameKind.Error:
                        onError(error ?? "framing error");
                        return;
                }
            }

            // The clock runs from the first byte of the message still coming (or from the connect, for the first one).
            if (tookMessage && armed)
            {
                messageDue.CancelAfter(Timeout.InfiniteTimeSpan);
                armed = false;
            }

            if (!armed && framer.HasPartialMessage)
            {
                messageDue.CancelAfter(_messageTimeout);
                armed = true;
            }
        }
    }

    /// <summary>
    /// Writes one message. A peer that stops reading fills the socket's buffers; the write (and every write queued
    /// behind it) then gives up after the send timeout, and the connection is closed with a SocketException.
    /// </summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_messageTimeout);
        try
        {
            await _writeLock.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Stalled();
        }

        try
        {
            while (!bytes.IsEmpty)
            {
                var sent = await _socket.SendAsync(bytes, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                bytes = bytes[sent..];
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Stalled();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Dispose();
            throw new SocketException((int)SocketError.ConnectionReset);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private SocketException Stalled()
    {
        Dispose();
        return new SocketException((int)SocketError.TimedOut);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Already reset by the peer.
            }

            _socket.Dispose();
        }
    }
}
