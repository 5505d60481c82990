using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using IvrService.Sip;

namespace IvrService.IntegrationTests.Sip;

/// <summary>
/// A phone written by hand on loopback UDP, for peers that misbehave where SIPp cannot. As a caller it sends an INVITE
/// with an SDP offer (PCMU, telephone-event) towards a media socket it holds (and reads only when a test asks what RTP arrived); as a callee it answers
/// the product's INVITE and may re-INVITE it. Beyond that it sends only what the test tells it to — no ACK, an answer
/// of its choosing to the product's requests, or nothing at all.
/// </summary>
internal sealed class RawSipPhone : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _media = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IvrHostFixture _host;
    private readonly string _fromTag = "raw" + Guid.NewGuid().ToString("N")[..8];
    private uint _sequence = 1;

    /// <param name="port">The SIP port to listen on (a callee's, known to the product); 0 takes any.</param>
    public RawSipPhone(IvrHostFixture host, int port = 0)
    {
        _host = host;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        _media.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public string CallId { get; } = "raw-" + Guid.NewGuid().ToString("N");

    private int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    private int MediaPort => ((IPEndPoint)_media.LocalEndPoint!).Port;

    public Task SendInviteAsync() => SendAsync(Request("INVITE", 1, "<sip:ivr@127.0.0.1>", "application/sdp", Sdp(1, "sendrecv")));

    /// <summary>An INVITE with the body and extra header lines (each ending in CRLF) the test gives; no body is a delayed offer.</summary>
    public Task SendInviteAsync(string contentType, string body, string extraHeaders = "") =>
        SendAsync(Request("INVITE", 1, "<sip:ivr@127.0.0.1>", contentType, body, extraHeaders));

    /// <summary>An SDP with our media socket's port and these formats (<c>"0 101"</c>) and attribute lines, CRLF ended.</summary>
    public string MediaSdp(string protocol, string formats, params string[] attributes) =>
        "v=0\r\n" +
        "o=raw 1 1 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "c=IN IP4 127.0.0.1\r\n" +
        "t=0 0\r\n" +
        $"m=audio {MediaPort.ToString(CultureInfo.InvariantCulture)} {protocol} {formats}\r\n" +
        string.Concat(attributes.Select(a => a + "\r\n"));

    /// <summary>ACK for the 2xx <paramref name="ok"/> carrying a body (the answer to an offer the 2xx made).</summary>
    public Task SendAckAsync(SipResponse ok, string contentType, string body) =>
        SendAsync(Request("ACK", ok.CSeq!.Value.Number, ok.Headers[SipHeaderNames.To]!, contentType, body));

    /// <summary>The payload type of the first RTP packet to reach our media socket within <paramref name="wait"/>, or null.</summary>
    public async Task<int?> ReceiveRtpPayloadTypeAsync(TimeSpan wait)
    {
        var buffer = new byte[2048];
        using var cts = new CancellationTokenSource(wait);
        try
        {
            while (true)
            {
                var received = await _media.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
                if (received.ReceivedBytes >= 12 && buffer[0] >> 6 == 2)
                {
                    return buffer[1] & 0x7F;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Answers the product's INVITE 200 with our SDP (as its callee).</summary>
    public Task AnswerAsync(SipRequest invite)
    {
        var ok = SipResponse.Create(invite, 200, toTag: _fromTag);
        ok.Headers.Add(SipHeaderNames.Contact, $"<sip:operator@127.0.0.1:{Port}>");
        ok.SetBody("application/sdp", Sdp(1, "sendrecv"));
        return _socket.SendToAsync(ok.ToBytes(), SocketFlags.None, _host.SipEndPoint);
    }

    /// <summary>Re-INVITEs the product inside the dialog its <paramref name="invite"/> made (we are its callee).</summary>
    public Task SendReinviteAsync(SipRequest invite, string direction) =>
        SendAsync(CalleeRequest(invite, "INVITE", ++_sequence, "application/sdp", Sdp(2, direction)));

    /// <summary>ACK for the product's 2xx to our re-INVITE (we are its callee).</summary>
    public Task SendCalleeAckAsync(SipRequest invite, SipResponse ok) => SendAsync(CalleeRequest(invite, "ACK", ok.CSeq!.Value.Number));

    /// <summary>ACK for the 2xx <paramref name="ok"/>.</summary>
    public Task SendAckAsync(SipResponse ok) => SendAsync(Request("ACK", ok.CSeq!.Value.Number, ok.Headers[SipHeaderNames.To]!));

    /// <summary>A new request in the dialog the 2xx <paramref name="ok"/> made.</summary>
    public Task SendInDialogAsync(SipResponse ok, string method, string contentType = "", string body = "") =>
        SendAsync(Request(method, ++_sequence, ok.Headers[SipHeaderNames.To]!, contentType, body));

    public Task RespondAsync(SipRequest request, int statusCode) =>
        _socket.SendToAsync(SipResponse.Create(request, statusCode, toTag: request.To?.Tag is null ? _fromTag : null).ToBytes(), SocketFlags.None, _host.SipEndPoint);

    /// <summary>The next message from the product within <paramref name="wait"/>, or null.</summary>
    public async Task<SipMessage?> ReceiveAsync(TimeSpan wait)
    {
        var buffer = new byte[65535];
        using var cts = new CancellationTokenSource(wait);
        try
        {
            var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
            var parsed = SipMessageParser.Parse(buffer.AsSpan(0, received.ReceivedBytes));
            Assert.True(parsed.IsValid, "the product sent an invalid message: " + parsed.Error);
            return parsed.Message;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Reads until a message matches; every other message read meanwhile goes to <paramref name="skipped"/>.</summary>
    public async Task<T> ExpectAsync<T>(Func<T, bool> match, TimeSpan wait, List<SipMessage>? skipped = null)
        where T : SipMessage
    {
        var deadline = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < deadline)
        {
            var message = await ReceiveAsync(deadline - DateTime.UtcNow);
            if (message is T wanted && match(wanted))
            {
                return wanted;
            }

            if (message is not null)
            {
                skipped?.Add(message);
            }
        }

        throw new Xunit.Sdk.XunitException($"no matching {typeof(T).Name} within {wait}");
    }

    public void Dispose()
    {
        _socket.Dispose();
        _media.Dispose();
    }

    private Task SendAsync(string text) => _socket.SendToAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None, _host.SipEndPoint);

    private string Sdp(int version, string direction) =>
        "v=0\r\n" +
        $"o=raw 1 {version.ToString(CultureInfo.InvariantCulture)} IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "c=IN IP4 127.0.0.1\r\n" +
        "t=0 0\r\n" +
        $"m=audio {((IPEndPoint)_media.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture)} RTP/AVP 0 101\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-16\r\n" +
        $"a={direction}\r\n";

    /// <summary>A request in the dialog the product's INVITE made with us as callee: From and To swapped.</summary>
    private string CalleeRequest(SipRequest invite, string method, uint sequence, string contentType = "", string body = "") =>
        $"{method} {invite.GetAddresses(SipHeaderNames.Contact)[0].Uri} SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 127.0.0.1:{Port};branch=z9hG4bK{Guid.NewGuid():N};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <{invite.To!.Uri}>;tag={_fromTag}\r\n" +
        $"To: {invite.Headers[SipHeaderNames.From]}\r\n" +
        $"Call-ID: {invite.CallId}\r\n" +
        $"CSeq: {sequence.ToString(CultureInfo.InvariantCulture)} {method}\r\n" +
        $"Contact: <sip:operator@127.0.0.1:{Port}>\r\n" +
        (contentType.Length > 0 ? $"Content-Type: {contentType}\r\n" : "") +
        $"Content-Length: {Encoding.UTF8.GetByteCount(body).ToString(CultureInfo.InvariantCulture)}\r\n\r\n" + body;

    private string Request(string method, uint sequence, string to, string contentType = "", string body = "", string extraHeaders = "") =>
        $"{method} sip:ivr@127.0.0.1:{_host.SipPort} SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 127.0.0.1:{Port};branch=z9hG4bK{Guid.NewGuid():N};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:09121234567@127.0.0.1>;tag={_fromTag}\r\n" +
        $"To: {to}\r\n" +
        $"Call-ID: {CallId}\r\n" +
        $"CSeq: {sequence.ToString(CultureInfo.InvariantCulture)} {method}\r\n" +
        $"Contact: <sip:caller@127.0.0.1:{Port}>\r\n" +
        "Allow: INVITE, ACK, CANCEL, BYE, REFER, NOTIFY, INFO\r\n" +
        extraHeaders +
        (contentType.Length > 0 ? $"Content-Type: {contentType}\r\n" : "") +
        $"Content-Length: {Encoding.UTF8.GetByteCount(body).ToString(CultureInfo.InvariantCulture)}\r\n\r\n" + body;
}
