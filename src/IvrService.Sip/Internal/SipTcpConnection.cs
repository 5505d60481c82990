using System.Net;
using System.Net.Sockets;

namespace IvrService.Sip.Internal;

/// <summary>One TCP connection: a framing read loop and serialised writes.</summary>
internal sealed class SipTcpConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly TimeSpan _idleTimeout;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private int _closed;

    public SipTcpConnection(Socket socket, IPEndPoint remote, TimeSpan idleTimeout)
    {
        _socket = socket;
        Remote = remote;
        _idleTimeout = idleTimeout;
    }

    public IPEndPoint Remote { get; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public async Task ReadLoopAsync(Action<byte[]> onFrame, Action<string> onError, CancellationToken cancellationToken)
    {
        var framer = new SipStreamFramer();
        var buffer = new byte[16 * 1024];
        while (!cancellationToken.IsCancellationRequested && !IsClosed)
        {
            int read;
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
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
                        onFrame(frame);
                        break;
                    case SipStreamFramer.FrameKind.KeepAlivePing:
                        // RFC 5626 §3.5.1: answer a double-CRLF ping with a single-CRLF pong.
                        await SendAsync("\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                        break;
                    case SipStreamFramer.FrameKind.Error:
                        onError(error ?? "framing error");
                        return;
                }
            }
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (!bytes.IsEmpty)
            {
                var sent = await _socket.SendAsync(bytes, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                bytes = bytes[sent..];
            }
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
