using System.Text;
using IvrService.Sip.Tests.Transactions;

namespace IvrService.Sip.Tests.Shapes;

/// <summary>
/// Bodies a UAS may ignore (RFC 3261 §20.11 handling=optional), as SIP-I trunks send their ISUP: beside the SDP in
/// multipart/mixed, or alone in an INVITE that makes no offer (delayed offer).
/// </summary>
public sealed class OptionalBodyTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static SipRequest Invite(string contentHeaders, string body)
    {
        var text = "INVITE sip:ivr@198.51.100.1 SIP/2.0\r\nVia: SIP/2.0/UDP 203.0.113.5;branch=z9hG4bKopt\r\n" +
                   "From: <sip:+4930123@203.0.113.5;user=phone>;tag=o1\r\nTo: <sip:+4930999@198.51.100.1;user=phone>\r\n" +
                   "Call-ID: opt-1\r\nCSeq: 1 INVITE\r\nContact: <sip:+4930123@203.0.113.5>\r\n" + contentHeaders +
                   $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n" + body;
        var result = SipMessageParser.Parse(Encoding.UTF8.GetBytes(text));
        Assert.True(result.IsValid, result.Error);
        return Assert.IsType<SipRequest>(result.Message);
    }

    [Theory]
    [InlineData("Content-Type: application/ISUP;version=itu-t92+\r\nContent-Disposition: signal;handling=optional\r\n", true)]
    [InlineData("Content-Type: application/isup\r\nContent-Disposition: signal; handling=\"Optional\"\r\n", true)]
    [InlineData("Content-Type: application/isup\r\nContent-Disposition: signal;handling=required\r\n", false)]
    [InlineData("Content-Type: application/isup\r\nContent-Disposition: signal\r\n", false)]
    [InlineData("Content-Type: application/isup\r\n", false)]
    public void IsOptional_FollowsHandlingParameter_WhenBodyIsSinglePart(string headers, bool expected)
    {
        // Act
        var optional = SipBody.IsOptional(Invite(headers, "\u0001\u0010\u0060\u0000"));

        // Assert
        Assert.Equal(expected, optional);
    }

    [Theory]
    [InlineData("signal;handling=optional", "signal;handling=optional", true)]
    [InlineData("signal;handling=optional", "render", false)]
    [InlineData("signal;handling=optional", null, false)]
    public void IsOptional_NeedsEveryPartOptional_WhenBodyIsMultipart(string first, string? second, bool expected)
    {
        // Arrange
        var body = "--sep\r\nContent-Type: application/isup\r\nContent-Disposition: " + first + "\r\n\r\nab\r\n" +
                   "--sep\r\nContent-Type: text/plain\r\n" + (second is null ? "" : "Content-Disposition: " + second + "\r\n") + "\r\ncd\r\n" +
                   "--sep--\r\n";

        // Act
        var optional = SipBody.IsOptional(Invite("Content-Type: multipart/mixed;boundary=sep\r\n", body));

        // Assert
        Assert.Equal(expected, optional);
        Assert.Null(SipBody.FindPart(Invite("Content-Type: multipart/mixed;boundary=sep\r\n", body), "application/sdp"));
    }

    [Fact]
    public void FindPart_SkipsPreamble_WhenPreambleLooksLikeAPart()
    {
        // Arrange: text before the first delimiter is a preamble (RFC 2046 §5.1.1), never a part.
        var body = "Content-Type: application/sdp\r\n\r\nnot an offer\r\n--sep\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--sep--\r\n";

        // Act
        var sdp = SipBody.FindPart(Invite("Content-Type: multipart/mixed; boundary=\"sep\"\r\n", body), "application/sdp");

        // Assert
        Assert.Equal("v=0", sdp);
    }

    [Fact]
    public async Task Invite_ReachesHandler_WhenItsOnlyBodyIsOptionalIsup()
    {
        // Arrange
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        ua.Agent.Handlers.Invite = (tx, ct) => tx.RespondAsync(603, cancellationToken: ct).AsTask();
        var request = RawSipPeer.Request("INVITE", peer.Port, "isup-optional", "z9hG4bKisup1", body: "\u0001\u0010\u0060\u0000")
            .Replace("Content-Type: application/sdp\r\n", "Content-Type: application/ISUP;version=itu-t92+\r\nContent-Disposition: signal;handling=optional\r\n", StringComparison.Ordinal);

        // Act
        peer.Send(request, ua.EndPoint);
        var response = await peer.ExpectResponseAsync(603, Wait);

        // Assert
        Assert.Equal(603, response.StatusCode);
    }

    [Fact]
    public async Task Invite_Gets415WithAccept_WhenItsOnlyBodyIsRequiredIsup()
    {
        // Arrange
        await using var ua = new UserAgentFixture();
        using var peer = new RawSipPeer();
        ua.Agent.Handlers.Invite = (tx, ct) => tx.RespondAsync(603, cancellationToken: ct).AsTask();
        var request = RawSipPeer.Request("INVITE", peer.Port, "isup-required", "z9hG4bKisup2", body: "\u0001\u0010\u0060\u0000")
            .Replace("Content-Type: application/sdp\r\n", "Content-Type: application/isup\r\n", StringComparison.Ordinal);

        // Act
        peer.Send(request, ua.EndPoint);
        var response = await peer.ExpectResponseAsync(415, Wait);

        // Assert
        Assert.Equal("application/sdp", response.Headers[SipHeaderNames.Accept]);
    }
}
