using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IvrService.Sip.Tests;

/// <summary>A UDP socket on loopback that sends hand-written SIP text and reads what comes back.</summary>
internal sealed class RawSipPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public RawSipPeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public void Send(string text, IPEndPoint target) =>
        _socket.SendTo(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n")), target);

    public void Send(byte[] bytes, IPEndPoint target) => _socket.SendTo(bytes, target);

    /// <summary>The next message within the timeout, or null.</summary>
    public async Task<SipMessage?> ReceiveAsync(TimeSpan timeout)
    {
        var buffer = new byte[65535];
        using var cts = new CancellationTokenSource(timeout);
        int received;
        try
        {
            received = (await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token)).ReceivedBytes;
        }
        catch (OperationCanceledException) when (_socket.Available > 0)
        {
            // On a busy machine the timeout can fire before the continuation runs although the datagram is there.
            received = _socket.Receive(buffer);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        var parsed = SipMessageParser.Parse(buffer.AsSpan(0, received));
        Assert.True(parsed.IsValid, "our stack sent an invalid message: " + parsed.Error);
        return parsed.Message;
    }

    public async Task<SipResponse> ExpectResponseAsync(TimeSpan timeout)
    {
        var message = await ReceiveAsync(timeout);
        return Assert.IsType<SipResponse>(message);
    }

    /// <summary>Reads messages until one matches, skipping others (provisional responses, say).</summary>
    public async Task<SipResponse> ExpectResponseAsync(int statusCode, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await ReceiveAsync(deadline - DateTime.UtcNow) is SipResponse response && response.StatusCode == statusCode)
            {
                return response;
            }
        }

        throw new Xunit.Sdk.XunitException($"no {statusCode} response within {timeout}");
    }

    /// <summary>Reads messages until a request of <paramref name="method"/> comes, skipping others.</summary>
    public async Task<SipRequest> ExpectRequestAsync(string method, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await ReceiveAsync(deadline - DateTime.UtcNow) is SipRequest request && request.Method == method)
            {
                return request;
            }
        }

        throw new Xunit.Sdk.XunitException($"no {method} within {timeout}");
    }

    public void Dispose() => _socket.Dispose();

    public static string Request(string method, int peerPort, string callId, string branch, int cseq = 1, string? toTag = null, string extraHeaders = "", string body = "")
    {
        var to = toTag is null ? "<sip:ivr@127.0.0.1>" : $"<sip:ivr@127.0.0.1>;tag={toTag}";
        var content = body.Length == 0 ? "" : "Content-Type: application/sdp\r\n";
        return $"{method} sip:ivr@127.0.0.1 SIP/2.0\r\n" +
               $"Via: SIP/2.0/UDP 127.0.0.1:{peerPort};branch={branch};rport\r\n" +
               "Max-Forwards: 70\r\n" +
               $"From: <sip:caller@127.0.0.1>;tag=caller1\r\n" +
               $"To: {to}\r\n" +
               $"Call-ID: {callId}\r\n" +
               $"CSeq: {cseq} {method}\r\n" +
               $"Contact: <sip:caller@127.0.0.1:{peerPort}>\r\n" +
               extraHeaders + content +
               $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n" + body;
    }
}
