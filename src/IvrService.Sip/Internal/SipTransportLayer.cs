using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace IvrService.Sip.Internal;

/// <summary>
/// The transport layer (RFC 3261 §18): UDP and TCP sockets, framing and parsing, received/rport stamping,
/// error responses to unparseable requests, and response routing.
/// </summary>
internal sealed class SipTransportLayer : IAsyncDisposable
{
    private const int MaxDatagram = 65535;

    private readonly SipOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<IPEndPoint, SipTcpConnection> _tcpConnections = new();
    private readonly ConcurrentDictionary<IPAddress, IPAddress> _localAddressCache = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private Socket? _udp;
    private Socket? _tcpListener;

    public SipTransportLayer(SipOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
    }

    /// <summary>Receives every parsed message. Runs on the receive loop: must not block.</summary>
    public Action<SipMessage>? MessageReceived { get; set; }

    /// <summary>Decides before parsing whether a source may talk to us at all; false drops silently.</summary>
    public Func<IPAddress, bool>? AcceptSource { get; set; }

    public IPEndPoint? UdpEndPoint { get; private set; }

    public IPEndPoint? TcpEndPoint { get; private set; }

    public void Start()
    {
        var address = IPAddress.Parse(_options.ListenAddress);
        var dualMode = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);
        if (dualMode && Socket.OSSupportsIPv6)
        {
            address = IPAddress.IPv6Any;
        }
        else if (dualMode)
        {
            address = IPAddress.Any;
            dualMode = false;
        }

        if (_options.EnableUdp)
        {
            _udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            if (dualMode)
            {
                _udp.DualMode = true;
            }

            _udp.ReceiveBufferSize = 4 * 1024 * 1024;
            _udp.SendBufferSize = 4 * 1024 * 1024;
            _udp.Bind(new IPEndPoint(address, _options.Port));
            UdpEndPoint = (IPEndPoint)_udp.LocalEndPoint!;
            _loops.Add(Task.Run(() => UdpReceiveLoopAsync(_udp, _stopping.Token)));
        }

        if (_options.EnableTcp)
        {
            _tcpListener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (dualMode)
            {
                _tcpListener.DualMode = true;
            }

            _tcpListener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _tcpListener.Bind(new IPEndPoint(address, UdpEndPoint?.Port ?? _options.Port));
            _tcpListener.Listen(512);
            TcpEndPoint = (IPEndPoint)_tcpListener.LocalEndPoint!;
            _loops.Add(Task.Run(() => TcpAcceptLoopAsync(_tcpListener, _stopping.Token)));
        }
    }

    /// <summary>The port we listen on for the transport.</summary>
    public int LocalPort(SipTransportKind transport) =>
        (transport == SipTransportKind.Udp ? UdpEndPoint?.Port : TcpEndPoint?.Port) ?? _options.Port;

    /// <summary>The local address a peer at <paramref name="remote"/> reaches us on (for Via and Contact).</summary>
    public IPAddress LocalAddressFor(IPAddress remote)
    {
        if (_options.AdvertisedAddress is { } advertised && IPAddress.TryParse(advertised, out var configured))
        {
            return configured;
        }

        var listen = IPAddress.Parse(_options.ListenAddress);
        if (!listen.Equals(IPAddress.Any) && !listen.Equals(IPAddress.IPv6Any))
        {
            return listen;
        }

        return _localAddressCache.GetOrAdd(remote, static r =>
        {
            try
            {
                using var probe = new Socket(r.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                probe.Connect(new IPEndPoint(r, 9));
                return ((IPEndPoint)probe.LocalEndPoint!).Address;
            }
            catch (SocketException)
            {
                return r.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
            }
        });
    }

    public async ValueTask SendAsync(SipMessage message, SipEndPoint destination, CancellationToken cancellationToken)
    {
        var bytes = message.ToBytes();
        SipMetrics.Sent(message);
        var remote = Normalize(destination.EndPoint);
        if (destination.Transport == SipTransportKind.Udp)
        {
            var socket = _udp ?? throw new InvalidOperationException("UDP transport is not enabled (Sip:EnableUdp)");
            var target = socket.AddressFamily == AddressFamily.InterNetworkV6 && remote.AddressFamily == AddressFamily.InterNetwork
                ? new IPEndPoint(remote.Address.MapToIPv6(), remote.Port)
                : remote;
            await socket.SendToAsync(bytes, SocketFlags.None, target, cancellationToken).ConfigureAwait(false);
            return;
        }

        var connection = await GetOrConnectTcpAsync(remote, cancellationToken).ConfigureAwait(false);
        await connection.SendAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Where a response to <paramref name="request"/> goes (RFC 3261 §18.2.2, RFC 3581 §4).</summary>
    public static SipEndPoint ResponseDestination(SipRequest request)
    {
        var source = request.Source ?? throw new InvalidOperationException("request was not received from the network");
        if (source.Transport == SipTransportKind.Tcp)
        {
            return source;
        }

        var via = request.TopVia;
        if (via is null || via.HasRport)
        {
            return source;
        }

        return source with { EndPoint = new IPEndPoint(source.EndPoint.Address, via.Port ?? 5060) };
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _udp?.Dispose();
        _tcpListener?.Dispose();
        foreach (var connection in _tcpConnections.Values)
        {
            connection.Dispose();
        }

        try
        {
            await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or TimeoutException)
        {
            // Loops end by their sockets closing.
        }

        _stopping.Dispose();
    }

    private async Task UdpReceiveLoopAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxDatagram];
        EndPoint any = socket.AddressFamily == AddressFamily.InterNetworkV6
            ? new IPEndPoint(IPAddress.IPv6Any, 0)
            : new IPEndPoint(IPAddress.Any, 0);
        var local = new SipEndPoint(SipTransportKind.Udp, (IPEndPoint)socket.LocalEndPoint!);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                // ICMP port unreachable from an earlier send, or an oversized datagram: nothing to do.
                continue;
            }

            var remote = Normalize((IPEndPoint)received.RemoteEndPoint);
            OnBytes(buffer.AsSpan(0, received.ReceivedBytes), new SipEndPoint(SipTransportKind.Udp, remote), local);
        }
    }

    private async Task TcpAcceptLoopAsync(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            var remote = Normalize((IPEndPoint)socket.RemoteEndPoint!);
            if (AcceptSource?.Invoke(remote.Address) == false)
            {
                socket.Dispose();
                continue;
            }

            StartTcpConnection(socket, remote, accepted: true);
        }
    }

    /// <param name="accepted">The peer opened the connection: it must send its first message within 64*T1.</param>
    private SipTcpConnection StartTcpConnection(Socket socket, IPEndPoint remote, bool accepted)
    {
        socket.NoDelay = true;
        var connection = new SipTcpConnection(socket, remote, TimeSpan.FromSeconds(_options.TcpIdleTimeoutSeconds), _options.Timers.TransactionTimeout);
        _tcpConnections[remote] = connection;
        var local = new SipEndPoint(SipTransportKind.Tcp, Normalize((IPEndPoint)socket.LocalEndPoint!));
        var source = new SipEndPoint(SipTransportKind.Tcp, remote);
        _ = Task.Run(async () =>
        {
            try
            {
                await connection.ReadLoopAsync(
                    frame => OnBytes(frame, source, local),
                    error => SipTransportLog.StreamFramingFailed(_logger, remote, error),
                    _stopping.Token,
                    awaitFirstMessage: accepted).ConfigureAwait(false);
            }
            finally
            {
                _tcpConnections.TryRemove(new KeyValuePair<IPEndPoint, SipTcpConnection>(remote, connection));
                connection.Dispose();
            }
        });
        return connection;
    }

    private async ValueTask<SipTcpConnection> GetOrConnectTcpAsync(IPEndPoint remote, CancellationToken cancellationToken)
    {
        if (_tcpConnections.TryGetValue(remote, out var existing) && !existing.IsClosed)
        {
            return existing;
        }

        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await socket.ConnectAsync(remote, timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return StartTcpConnection(socket, remote, accepted: false);
    }

    private void OnBytes(ReadOnlySpan<byte> data, SipEndPoint source, SipEndPoint local)
    {
        if (AcceptSource?.Invoke(source.EndPoint.Address) == false)
        {
            return;
        }

        if (data.Length <= 4 && data.Trim("\r\n"u8).IsEmpty)
        {
            // CRLF keep-alive on a datagram (RFC 5626 §4.4.1 uses STUN; some devices send CRLF): ignore.
            return;
        }

        SipParseResult result;
        try
        {
            result = SipMessageParser.Parse(data, source.Transport);
        }
#pragma warning disable CA1031 // A parser defect must not take the listener down; the message is dropped and logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            SipTransportLog.ParserFailed(_logger, source, ex);
            SipMetrics.Invalid();
            return;
        }

        if (result.Message is not { } message)
        {
            SipTransportLog.Unparseable(_logger, source, result.Error ?? "unknown");
            SipMetrics.Invalid();
            return;
        }

        message.Source = source;
        message.Destination = local;
        if (!result.IsValid)
        {
            SipTransportLog.InvalidMessage(_logger, source, result.Error!);
            SipMetrics.Invalid();
            if (message is SipRequest badRequest && badRequest.Method != SipMethods.Ack && badRequest.TopVia is not null)
            {
                StampReceived(badRequest);
                var reason = result.ErrorStatus == 400 ? "Bad Request - " + result.Error : result.Error!;
                var response = SipResponse.Create(badRequest, result.ErrorStatus, Sanitize(reason));
                _ = SendQuietlyAsync(response, ResponseDestination(badRequest));
            }

            return;
        }

        if (message is SipRequest request)
        {
            StampReceived(request);
        }

        SipMetrics.Received(message);
        MessageReceived?.Invoke(message);
    }

    /// <summary>Adds received and rport to the top Via as RFC 3261 §18.2.1 and RFC 3581 §4 ask.</summary>
    private static void StampReceived(SipRequest request)
    {
        var via = request.TopVia;
        var source = request.Source!.EndPoint;
        if (via is null)
        {
            return;
        }

        var changed = false;
        var sourceAddress = source.Address.ToString();
        var viaHost = via.Host.Trim('[', ']');
        if (!IPAddress.TryParse(viaHost, out var viaAddress) || !viaAddress.Equals(source.Address) || via.HasRport)
        {
            via.Received = sourceAddress;
            changed = true;
        }

        if (via.HasRport)
        {
            via.Parameters.Set("rport", source.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            changed = true;
        }

        if (changed)
        {
            var vias = request.Headers.GetValues(SipHeaderNames.Via);
            request.Headers.Remove(SipHeaderNames.Via);
            request.Headers.Add(SipHeaderNames.Via, via.ToString());
            for (var i = 1; i < vias.Count; i++)
            {
                request.Headers.Add(SipHeaderNames.Via, vias[i]);
            }
        }
    }

    private async Task SendQuietlyAsync(SipMessage message, SipEndPoint destination)
    {
        try
        {
            await SendAsync(message, destination, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            SipTransportLog.SendFailed(_logger, destination, ex.Message);
        }
    }

    private static string Sanitize(string reason)
    {
        Span<char> chars = stackalloc char[Math.Min(reason.Length, 200)];
        for (var i = 0; i < chars.Length; i++)
        {
            var c = reason[i];
            chars[i] = c is '\r' or '\n' || char.IsControl(c) ? ' ' : c;
        }

        return new string(chars);
    }

    private static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;
}
