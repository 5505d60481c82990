using System.Net;
using System.Net.Sockets;

namespace IvrService.Sip.Internal;

/// <summary>One TCP connection: a framing read loop and serialised writes, each bounded in time.</summary>
internal sealed class SipTcpConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeSpan _sendTimeout;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private int _closed;

    public SipTcpConnection(Socket socket, IPEndPoint remote, TimeSpan idleTimeout, TimeSpan sendTimeout)
    {
        _socket = socket;
        Remote = remote;
        _idleTimeout = idleTimeout;
        _sendTimeout = sendTimeout;
    }

    public IPEndPoint Remote { get; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>
    /// Reads and frames messages until the peer closes, the connection is idle for the idle timeout, or — when
    /// <paramref name="firstMessageTimeout"/> is given (connections a peer opened to us) — no whole message came within
    /// it: a scanner that connects and says nothing (or trickles bytes, or only pings) does not hold a socket for the
    /// whole idle timeout.
    /// </summary>
    public async Task ReadLoopAsync(Action<byte[]> onFrame, Action<string> onError, CancellationToken cancellationToken, TimeSpan? firstMessageTimeout = null)
    {
        var framer = new SipStreamFramer();
        var buffer = new byte[16 * 1024];
        using var firstMessage = new CancellationTokenSource(firstMessageTimeout ?? Timeout.InfiniteTimeSpan);
        var awaitingFirst = firstMessageTimeout is not null;
        while (!cancellationToken.IsCancellationRequested && !IsClosed)
        {
            int read;
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, firstMessage.Token))
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
                        if (awaitingFirst)
                        {
                            awaitingFirst = false;
                            firstMessage.CancelAfter(Timeout.InfiniteTimeSpan);
                        }

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
        }
    }

    /// <summary>
    /// Writes one message. A peer that stops reading fills the socket's buffers; the write (and every write queued
    /// behind it) then gives up after the send timeout, and the connection is closed with a SocketException.
    /// </summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_sendTimeout);
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
