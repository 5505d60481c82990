using System.Text;

namespace IvrService.Sip.Tests.Shapes;

/// <summary>
/// INVITE header shapes that phones, trunks and SBCs send (RFC 3261 §7.3 and §20, RFC 3966 tel: URIs, RFC 4028,
/// RFC 3325), written from the RFCs with documentation addresses: each must parse and yield the values a UAS needs.
/// </summary>
public sealed class InviteShapeTests
{
    private const string Sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";

    private static SipRequest Parse(string headers, string body = Sdp)
    {
        var text = "INVITE sip:ivr@198.51.100.1 SIP/2.0\r\n" + headers.Replace("{length}", Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) + "\r\n" + body;
        var result = SipMessageParser.Parse(Encoding.UTF8.GetBytes(text));
        Assert.True(result.IsValid, result.Error);
        return Assert.IsType<SipRequest>(result.Message);
    }

    [Fact]
    public void Parse_ReadsEveryHeader_WhenInviteUsesCompactForms()
    {
        // Act
        var invite = Parse(
            "v: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKcompact1;rport\r\n" +
            "f: \"Caller\" <sip:1001@192.0.2.10>;tag=c1\r\n" +
            "t: <sip:ivr@198.51.100.1>\r\n" +
            "i: compact-1@192.0.2.10\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Max-Forwards: 70\r\n" +
            "m: <sip:1001@192.0.2.10:5060>\r\n" +
            "k: timer, replaces\r\n" +
            "c: application/sdp\r\n" +
            "l: {length}\r\n");

        // Assert
        Assert.Equal("z9hG4bKcompact1", invite.TopVia!.Branch);
        Assert.Equal("c1", invite.From!.Tag);
        Assert.Equal("ivr", invite.To!.Uri.User);
        Assert.Equal("compact-1@192.0.2.10", invite.CallId);
        Assert.Equal("192.0.2.10", Assert.Single(invite.GetAddresses(SipHeaderNames.Contact)).Uri.Host);
        Assert.Equal(["timer", "replaces"], invite.Headers.GetValues(SipHeaderNames.Supported));
        Assert.Equal(Sdp, SipBody.FindPart(invite, "application/sdp"));
    }

    [Fact]
    public void Parse_KeepsViaOrder_WhenOneHeaderCarriesSeveralValuesAndAnotherFollows()
    {
        // Act
        var invite = Parse(
            "Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bKsbc1;received=203.0.113.5, SIP/2.0/TCP proxy.example.com;branch=z9hG4bKpx\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKphone\r\n" +
            "From: <sip:1001@example.com>;tag=v1\r\nTo: <sip:ivr@example.com>\r\nCall-ID: vias-1\r\nCSeq: 7 INVITE\r\n" +
            "Contact: <sip:1001@192.0.2.10:5062>\r\nContent-Type: application/sdp\r\nContent-Length: {length}\r\n");

        // Assert
        var vias = invite.GetVias();
        Assert.Equal(["z9hG4bKsbc1", "z9hG4bKpx", "z9hG4bKphone"], vias.Select(v => v.Branch));
        Assert.Equal("z9hG4bKsbc1", invite.TopVia!.Branch);
        Assert.Equal("TCP", vias[1].Transport);
    }

    [Fact]
    public void Parse_ReadsBracketedHost_WhenViaAndContactAreIpv6()
    {
        // Act
        var invite = Parse(
            "Via: SIP/2.0/UDP [2001:db8::10]:5060;branch=z9hG4bKv6;rport\r\n" +
            "From: <sip:1001@[2001:db8::10]>;tag=v6\r\nTo: <sip:ivr@[2001:db8::1]>\r\nCall-ID: v6-1\r\nCSeq: 1 INVITE\r\n" +
            "Contact: <sip:1001@[2001:db8::10]:5060;transport=udp>\r\nContent-Type: application/sdp\r\nContent-Length: {length}\r\n");

        // Assert
        Assert.Equal("[2001:db8::10]", invite.TopVia!.Host);
        Assert.Equal(5060, invite.TopVia.Port);
        var contact = Assert.Single(invite.GetAddresses(SipHeaderNames.Contact));
        Assert.Equal(5060, contact.Uri.Port);
        Assert.Contains("2001:db8::10", contact.Uri.Host, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GivesTagToHeader_WhenFromAndToHaveNoAngleBrackets()
    {
        // Act: without < >, parameters after the URI belong to the header (RFC 3261 §20.10).
        var invite = Parse(
            "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKnobr\r\n" +
            "From: sip:1001@example.com;tag=nb1;epid=x9\r\nTo: sip:ivr@example.com;user=phone\r\nCall-ID: nobr-1\r\nCSeq: 1 INVITE\r\n" +
            "Contact: sip:1001@192.0.2.10;expires=3600\r\nContent-Type: application/sdp\r\nContent-Length: {length}\r\n");

        // Assert
        Assert.Equal("nb1", invite.From!.Tag);
        Assert.Equal("x9", invite.From.Parameters["epid"]);
        Assert.Null(invite.From.Uri.Parameters["tag"]);
        Assert.Null(invite.To!.Tag);
        Assert.Equal("192.0.2.10", Assert.Single(invite.GetAddresses(SipHeaderNames.Contact)).Uri.Host);
    }

    [Fact]
    public void Parse_ReadsTelUris_WhenFromToAndAssertedIdentityUseThem()
    {
        // Act
        var invite = Parse(
            "Via: SIP/2.0/UDP 203.0.113.5;branch=z9hG4bKtel\r\n" +
            "From: <tel:+15551230001>;tag=tel1\r\nTo: tel:+15551239999\r\nCall-ID: tel-1\r\nCSeq: 1 INVITE\r\n" +
            "P-Asserted-Identity: \"Front Desk\" <tel:+15551230001;phone-context=example.com>, <sip:+15551230001@example.com;user=phone>\r\n" +
            "Privacy: id\r\nContact: <sip:+15551230001@203.0.113.5>\r\nContent-Type: application/sdp\r\nContent-Length: {length}\r\n");

        // Assert
        Assert.Equal("tel", invite.From!.Uri.Scheme);
        Assert.Equal("tel1", invite.From.Tag);
        Assert.Equal("tel", invite.To!.Uri.Scheme);
        var asserted = invite.GetAddresses("P-Asserted-Identity");
        Assert.Equal(2, asserted.Count);
        Assert.Equal("Front Desk", asserted[0].DisplayName);
        Assert.Equal("tel", asserted[0].Uri.Scheme);
        Assert.Equal("sip", asserted[1].Uri.Scheme);
    }

    [Fact]
    public void Parse_KeepsWholeCallId_WhenItIsVeryLong()
    {
        // Arrange: SBCs that encode routing state in the Call-ID send several hundred characters.
        var callId = string.Concat(Enumerable.Repeat("a1B2-c3D4.e5F6_g7!h8%i9~", 24)) + "@sbc.example.com";

        // Act
        var invite = Parse(
            "Via: SIP/2.0/UDP 203.0.113.5;branch=z9hG4bKlong\r\nFrom: <sip:a@example.com>;tag=l1\r\nTo: <sip:ivr@example.com>\r\n" +
            $"Call-ID: {callId}\r\nCSeq: 1 INVITE\r\nContact: <sip:a@203.0.113.5>\r\nContent-Type: application/sdp\r\nContent-Length: {{length}}\r\n");

        // Assert
        Assert.Equal(callId, invite.CallId);
    }

    [Fact]
    public void Parse_ReadsSessionTimer_WhenInviteSupportsTimerWithSessionExpires()
    {
        // Act
        var invite = Parse(
            "Via: SIP/2.0/UDP 203.0.113.5;branch=z9hG4bKtimer\r\nFrom: <sip:a@example.com>;tag=s1\r\nTo: <sip:ivr@example.com>\r\n" +
            "Call-ID: timer-1\r\nCSeq: 1 INVITE\r\nContact: <sip:a@203.0.113.5>\r\nSupported: timer, 100rel\r\n" +
            "Session-Expires: 1800;refresher=uac\r\nMin-SE: 90\r\nContent-Type: application/sdp\r\nContent-Length: {length}\r\n");

        // Assert
        Assert.Equal("1800;refresher=uac", invite.Headers[SipHeaderNames.SessionExpires]);
        Assert.Empty(invite.Headers.GetValues(SipHeaderNames.Require));
    }

    [Theory]
    [InlineData("application/sdp")]
    [InlineData("Application/SDP")]
    [InlineData("application/sdp; charset=UTF-8")]
    [InlineData("application/sdp;version=2")]
    public void FindPart_ReturnsOffer_WhenContentTypeHasParametersOrOtherCase(string contentType)
    {
        // Act
        var invite = Parse(
            "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKct\r\nFrom: <sip:a@example.com>;tag=ct\r\nTo: <sip:ivr@example.com>\r\n" +
            $"Call-ID: ct-1\r\nCSeq: 1 INVITE\r\nContact: <sip:a@192.0.2.10>\r\nContent-Type: {contentType}\r\nContent-Length: {{length}}\r\n");

        // Assert
        Assert.Equal(Sdp, SipBody.FindPart(invite, "application/sdp"));
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    public void FindPart_ReturnsSdpPart_WhenTrunkSendsSdpWithIsup(string lineEnd)
    {
        // Arrange: SIP-I (ITU-T Q.1912.5) puts the ISUP IAM beside the offer; the part is binary.
        var body = string.Join(lineEnd,
            "--unique-boundary-1",
            "Content-Type: application/sdp",
            "",
            Sdp.TrimEnd('\r', '\n'),
            "--unique-boundary-1",
            "Content-Type: application/ISUP;version=itu-t92+",
            "Content-Disposition: signal;handling=optional",
            "",
            "\u0001\u0010\u0060\u0000\u000a\u0003\u0002\u0006\u0003\u0013\u0010\u0032\u0054",
            "--unique-boundary-1--",
            "");

        // Act
        var invite = Parse(
            "Via: SIP/2.0/UDP 203.0.113.5;branch=z9hG4bKsipi\r\nFrom: <sip:+4930123@203.0.113.5;user=phone>;tag=i1\r\n" +
            "To: <sip:+4930999@198.51.100.1;user=phone>\r\nCall-ID: sipi-1\r\nCSeq: 1 INVITE\r\nContact: <sip:+4930123@203.0.113.5>\r\n" +
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed;boundary=\"unique-boundary-1\"\r\nContent-Length: {length}\r\n",
            body);
        var sdp = SipBody.FindPart(invite, "application/sdp");

        // Assert
        Assert.NotNull(sdp);
        Assert.StartsWith("v=0", sdp, StringComparison.Ordinal);
        Assert.EndsWith("RTP/AVP 0", sdp.TrimEnd('\r', '\n'), StringComparison.Ordinal);
        Assert.DoesNotContain("ISUP", sdp, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void FindPart_ReturnsSdpPart_WhenItComesSecondAndBoundaryIsUnquoted()
    {
        // Arrange
        var body = "preamble text\r\n--b0undary\r\nContent-Type: application/isup\r\n\r\nxyz\r\n" +
                   "--b0undary\r\ncontent-type:APPLICATION/SDP\r\n\r\n" + Sdp + "\r\n--b0undary--\r\n";

        // Act
        var invite = Parse(
            "Via: SIP/2.0/UDP 203.0.113.5;branch=z9hG4bKsipi2\r\nFrom: <sip:a@203.0.113.5>;tag=i2\r\nTo: <sip:ivr@198.51.100.1>\r\n" +
            "Call-ID: sipi-2\r\nCSeq: 1 INVITE\r\nContact: <sip:a@203.0.113.5>\r\nContent-Type: Multipart/Mixed; boundary=b0undary\r\nContent-Length: {length}\r\n",
            body);

        // Assert
        Assert.Equal(Sdp, SipBody.FindPart(invite, "application/sdp"));
    }

    [Theory]
    [InlineData("Contact: <sip:1001@192.0.2.10:5062;transport=udp>;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\";expires=3600", "192.0.2.10", 5062)]
    [InlineData("Contact: \"Desk, Front\" <sip:1001@192.0.2.10:5062>;+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel\";video", "192.0.2.10", 5062)]
    [InlineData("Contact: sip:1001@192.0.2.10:5062;expires=60", "192.0.2.10", 5062)]
    [InlineData("m: <sips:1001@gw.example.com;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>", "gw.example.com", null)]
    [InlineData("Contact: Anonymous <sip:anonymous@[2001:db8::10]:5070>", "[2001:db8::10]", 5070)]
    public void Parse_ReadsOneContact_WhenContactHasTheFormsGearSends(string contact, string host, int? port)
    {
        // Act
        var invite = Parse(
            "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKcontact\r\nFrom: <sip:1001@example.com>;tag=m1\r\nTo: <sip:ivr@example.com>\r\n" +
            $"Call-ID: contact-1\r\nCSeq: 1 INVITE\r\n{contact}\r\nContent-Type: application/sdp\r\nContent-Length: {{length}}\r\n");

        // Assert
        var address = Assert.Single(invite.GetAddresses(SipHeaderNames.Contact));
        Assert.Equal(host.Trim('[', ']'), address.Uri.Host.Trim('[', ']'));
        Assert.Equal(port, address.Uri.Port);
    }
}
