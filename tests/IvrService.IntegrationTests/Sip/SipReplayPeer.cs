using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using IvrService.Sip;

namespace IvrService.IntegrationTests.Sip;

/// <summary>
/// Replays captured or hand-written SIP requests at the product from a loopback UDP socket: points the
/// capture at us (Request-URI host, top Via, Call-ID, From tag), reads the final answer, and hangs up calls
/// that were answered.
/// </summary>
internal sealed partial class SipReplayPeer : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IvrHostFixture _host;

    public SipReplayPeer(IvrHostFixture host)
    {
        _host = host;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public Task SendAsync(byte[] message) => _socket.SendToAsync(message, SocketFlags.None, _host.SipEndPoint);

    /// <summary>The first final response within <paramref name="wait"/> (provisional ones skipped), or null.</summary>
    public async Task<SipResponse?> ReceiveFinalAsync(TimeSpan? wait = null)
    {
        var buffer = new byte[65535];
        var deadline = DateTime.UtcNow + (wait ?? Wait);
        while (DateTime.UtcNow < deadline)
        {
            using var cts = new CancellationTokenSource(deadline - DateTime.UtcNow);
            try
            {
                var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
                var parsed = SipMessageParser.Parse(buffer.AsSpan(0, received.ReceivedBytes));

                // A 400 copies the request's broken header back, as RFC 3261 §8.2.6.2 asks; anything else must be clean.
                Assert.True(parsed.IsValid || parsed.Message is SipResponse { StatusCode: 400 }, "the product sent an invalid message: " + parsed.Error);
                if (parsed.Message is SipResponse { IsProvisional: false } response)
                {
                    return response;
                }
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>ACKs an answered INVITE (with our offer echoed back when it was a delayed offer) and sends BYE.</summary>
    public async Task HangUpAsync(SipResponse ok, bool delayedOffer)
    {
        var fromTag = ok.From!.Tag!;
        var sequence = ok.CSeq!.Value.Number;
        string InDialog(string method, uint cseq, string body = "") =>
            $"{method} sip:ivr@127.0.0.1:{_host.SipPort} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.1:{Port};branch=z9hG4bK{Guid.NewGuid():N};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:caller@example.com>;tag={fromTag}\r\n" +
            $"To: {ok.Headers[SipHeaderNames.To]}\r\n" +
            $"Call-ID: {ok.CallId}\r\n" +
            $"CSeq: {cseq} {method}\r\n" +
            (body.Length > 0 ? "Content-Type: application/sdp\r\n" : "") +
            $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n" + body;
        Assert.False(string.IsNullOrEmpty(ok.To?.Tag));

        await SendAsync(Encoding.UTF8.GetBytes(InDialog("ACK", sequence, delayedOffer ? ok.BodyText : "")));
        await SendAsync(Encoding.UTF8.GetBytes(InDialog("BYE", sequence + 1)));
        Assert.NotNull(await ReceiveFinalAsync());
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Points the capture at us: Request-URI host, top Via, Call-ID and From tag; the rest stays as captured.</summary>
    public byte[] Rewrite(byte[] capture, string callId, bool pointRequestUriAtUs = true)
    {
        var split = IndexOf(capture, "\r\n\r\n"u8);
        var headerEnd = split < 0 ? capture.Length : split;
        var head = Encoding.Latin1.GetString(capture, 0, headerEnd);
        var tail = capture.AsSpan(headerEnd).ToArray();
        var lines = head.Split("\r\n").ToList();
        if (pointRequestUriAtUs)
        {
            lines[0] = RequestUriHost().Replace(lines[0], m => m.Groups[1].Value + $"127.0.0.1:{_host.SipPort}" + m.Groups[3].Value, 1);
        }

        var viaDone = false;
        for (var i = 1; i < lines.Count; i++)
        {
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = lines[i][..colon].Trim().ToLowerInvariant();
            if (!viaDone && name is "via" or "v")
            {
                viaDone = true;
                var value = lines[i][(colon + 1)..];
                var comma = value.IndexOf(',', StringComparison.Ordinal);
                var first = comma < 0 ? value : value[..comma];
                var rest = comma < 0 ? "" : value[comma..];
                var branch = first.Contains("branch=", StringComparison.OrdinalIgnoreCase) ? ";branch=z9hG4bK" + Guid.NewGuid().ToString("N") : "";
                lines[i] = lines[i][..colon] + $": SIP/2.0/UDP 127.0.0.1:{Port}{branch};rport" + rest;

                // The replaced value may have been folded over continuation lines: they go with it.
                while (i + 1 < lines.Count && lines[i + 1].Length > 0 && lines[i + 1][0] is ' ' or '\t')
                {
                    lines.RemoveAt(i + 1);
                }
            }
            else if (name is "call-id" or "i")
            {
                lines[i] = lines[i][..colon] + ": " + callId;
            }
            else if (name is "from" or "f")
            {
                lines[i] = FromTag().Replace(lines[i], ";tag=" + Guid.NewGuid().ToString("N")[..12], 1);
            }
        }

        return [.. Encoding.Latin1.GetBytes(string.Join("\r\n", lines)), .. tail];
    }

    private static int IndexOf(byte[] data, ReadOnlySpan<byte> pattern) => data.AsSpan().IndexOf(pattern);

    [GeneratedRegex(@"^(\S+ sips?:(?:[^@ ]*@)?)(\[[^\]]+\](?::\d+)?|[^;> ?:]+(?::\d+)?)(.*)$")]
    private static partial Regex RequestUriHost();

    [GeneratedRegex(@";\s*tag\s*=\s*[^;>,\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex FromTag();
}
