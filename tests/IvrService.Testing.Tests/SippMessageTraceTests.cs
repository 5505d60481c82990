namespace IvrService.Testing.Tests;

public sealed class SippMessageTraceTests
{
    private const string Trace =
        "----------------------------------------------- 2026-01-01 10:00:00.000000\n" +
        "UDP message received [300] bytes :\n\n" +
        "INVITE sip:09121234567@127.0.0.1:5070 SIP/2.0\r\n" +
        "v: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1\r\n" +
        "f: \"Survey\" <sip:02191001000@127.0.0.1>;tag=a1\r\n" +
        "To: <sip:09121234567@127.0.0.1:5070>\r\n" +
        "X-Note: first part\r\n" +
        "  and its continuation\r\n" +
        "Content-Type: application/sdp\r\n\r\n" +
        "v=0\r\nm=audio 4000 RTP/AVP 0 101\r\n\n\n" +
        "----------------------------------------------- 2026-01-01 10:00:00.001000\n" +
        "UDP message sent (200 bytes):\n\n" +
        "SIP/2.0 180 Ringing\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1\n" +
        "Content-Length: 0\n\n\n";

    [Fact]
    public void Parse_ReadsDirectionStartLineHeadersAndBody_WhenTraceHoldsARequestAndAResponse()
    {
        var messages = SippMessageTrace.Parse(Trace);

        Assert.Equal(2, messages.Count);
        var invite = messages[0];
        Assert.True(invite.Received);
        Assert.Equal("INVITE", invite.Method);
        Assert.Equal("sip:09121234567@127.0.0.1:5070", invite.RequestUri);
        Assert.Equal("\"Survey\" <sip:02191001000@127.0.0.1>;tag=a1", invite.Header("From"));
        Assert.Equal("SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1", invite.Header("via"));
        Assert.Equal("first part and its continuation", invite.Header("X-Note"));
        Assert.Equal("v=0\nm=audio 4000 RTP/AVP 0 101", invite.Body);
        var ringing = messages[1];
        Assert.False(ringing.Received);
        Assert.Equal(180, ringing.StatusCode);
        Assert.Null(ringing.Method);
        Assert.Empty(ringing.Body);
    }

    [Fact]
    public void Parse_ReturnsNothing_WhenTraceIsEmptyOrHasNoMessage()
    {
        Assert.Empty(SippMessageTrace.Parse(string.Empty));
        Assert.Empty(SippMessageTrace.Parse("----------------------------------------------- 2026-01-01\nsomething else\n"));
    }
}
