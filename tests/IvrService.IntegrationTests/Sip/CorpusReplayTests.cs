using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using IvrService.Sip;

namespace IvrService.IntegrationTests.Sip;

/// <summary>
/// Replays the SIP requests captured from real phones, trunks and SBCs (../shared/corpus/sip) against the
/// running product, with Request-URI, top Via, Call-ID and From tag rewritten, and checks each answer
/// against what the corpus manifest expects of it.
/// </summary>
public sealed partial class CorpusReplayTests : IClassFixture<IvrHostFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly IvrHostFixture _host;

    public CorpusReplayTests(IvrHostFixture host)
    {
        _host = host;
    }

    public static IEnumerable<object[]> Captures =>
        File.ReadAllLines(Path.Combine(CorpusDirectory, "MANIFEST.tsv"))
            .Skip(1)
            .Select(line => line.Split('\t'))
            .Where(c => c.Length >= 5)
            .Select(c => new object[] { c[0], c[4] });

    private static string CorpusDirectory
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IvrService.sln")))
            {
                directory = directory.Parent;
            }

            return Path.Combine(directory?.Parent?.FullName ?? throw new DirectoryNotFoundException("repository root"), "shared", "corpus", "sip");
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public async Task CapturedRequest_GetsTheAnswerTheManifestExpects(string file, string expect)
    {
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var peerPort = ((IPEndPoint)peer.LocalEndPoint!).Port;
        var callId = "corpus-" + Guid.NewGuid().ToString("N");
        var bytes = Rewrite(await File.ReadAllBytesAsync(Path.Combine(CorpusDirectory, file)), peerPort, callId);

        await peer.SendToAsync(bytes, SocketFlags.None, _host.SipEndPoint);
        var final = await ReceiveFinalAsync(peer);

        var allowed = expect.Split('|');
        var offerSent = bytes.AsSpan().IndexOf("\r\n\r\nv=0"u8) >= 0;
        var outcome = final is null ? "drop" : Classify(final, offerSent);
        Assert.True(allowed.Contains(outcome) || (final is not null && allowed.Contains(final.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            $"{file}: expected {expect}, got {(final is null ? "no answer" : final.StatusCode + " " + final.ReasonPhrase)}");
        if (final is { IsSuccess: true } && final.CSeq?.Method == "INVITE")
        {
            await HangUpAsync(peer, final, peerPort, !offerSent);
            var record = await _host.WaitForEndedCallAsync(callId, Wait);
            Assert.Equal(IvrService.Storage.CallEndReason.CallerHangup, record.EndReason);
        }
    }

    private static string Classify(SipResponse response, bool offerSent)
    {
        if (!response.IsSuccess)
        {
            return response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (response.CSeq?.Method != "INVITE")
        {
            return "200";
        }

        Assert.Matches(@"m=audio [1-9][0-9]* RTP/AVP", response.BodyText);
        return offerSent ? "2xx-sdp" : "2xx-offer";
    }

    private static async Task<SipResponse?> ReceiveFinalAsync(Socket peer)
    {
        var buffer = new byte[65535];
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            using var cts = new CancellationTokenSource(deadline - DateTime.UtcNow);
            try
            {
                var received = await peer.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
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

    private async Task HangUpAsync(Socket peer, SipResponse ok, int peerPort, bool delayedOffer)
    {
        var toTag = ok.To!.Tag!;
        var fromTag = ok.From!.Tag!;
        var sequence = ok.CSeq!.Value.Number;
        string InDialog(string method, uint cseq, string branch, string body = "") =>
            $"{method} sip:ivr@127.0.0.1:{_host.SipPort} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.1:{peerPort};branch={branch};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:caller@example.com>;tag={fromTag}\r\n" +
            $"To: {ok.Headers[SipHeaderNames.To]}\r\n" +
            $"Call-ID: {ok.CallId}\r\n" +
            $"CSeq: {cseq} {method}\r\n" +
            (body.Length > 0 ? "Content-Type: application/sdp\r\n" : "") +
            $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n" + body;
        Assert.False(string.IsNullOrEmpty(toTag));

        // A delayed offer is answered in the ACK (echo the offer back as the answer: the same codecs, our own address).
        var answer = delayedOffer ? ok.BodyText : "";
        await peer.SendToAsync(Encoding.UTF8.GetBytes(InDialog("ACK", sequence, "z9hG4bK" + Guid.NewGuid().ToString("N"), answer)), SocketFlags.None, _host.SipEndPoint);
        await peer.SendToAsync(Encoding.UTF8.GetBytes(InDialog("BYE", sequence + 1, "z9hG4bK" + Guid.NewGuid().ToString("N"))), SocketFlags.None, _host.SipEndPoint);
        var byeAnswer = await ReceiveFinalAsync(peer);
        Assert.NotNull(byeAnswer);
    }

    /// <summary>Points the capture at us: Request-URI host, top Via, Call-ID and From tag; the rest stays as captured.</summary>
    private byte[] Rewrite(byte[] capture, int peerPort, string callId)
    {
        var split = IndexOf(capture, "\r\n\r\n"u8);
        var headerEnd = split < 0 ? capture.Length : split;
        var head = Encoding.Latin1.GetString(capture, 0, headerEnd);
        var tail = capture.AsSpan(headerEnd).ToArray();
        var lines = head.Split("\r\n").ToList();
        lines[0] = RequestUriHost().Replace(lines[0], m => m.Groups[1].Value + $"127.0.0.1:{_host.SipPort}" + m.Groups[3].Value, 1);
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
                lines[i] = lines[i][..colon] + $": SIP/2.0/UDP 127.0.0.1:{peerPort}{branch};rport" + rest;
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
