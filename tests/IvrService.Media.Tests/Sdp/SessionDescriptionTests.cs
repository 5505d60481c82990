using IvrService.Media.Sdp;

namespace IvrService.Media.Tests.Sdp;

public sealed class SessionDescriptionTests
{
    [Fact]
    public void TryParse_ReadsEveryField_WhenOfferIsSipp()
    {
        // Act
        var ok = SessionDescription.TryParse(SdpOffers.Sipp, out var sdp, out var error);

        // Assert
        Assert.True(ok, error);
        Assert.Null(error);
        Assert.Equal(0, sdp!.Version);
        Assert.Equal(new SdpOrigin("user1", "53655765", "2353687637", "IN", "IP4", "192.0.2.10"), sdp.Origin);
        Assert.Equal("-", sdp.SessionName);
        Assert.Equal(new SdpConnection("IN", "IP4", "192.0.2.10"), sdp.Connection);
        Assert.Equal(SdpTiming.Permanent, sdp.Timing);
        var audio = Assert.Single(sdp.MediaDescriptions);
        Assert.Equal("audio", audio.Media);
        Assert.Equal(6000, audio.Port);
        Assert.Null(audio.PortCount);
        Assert.Equal("RTP/AVP", audio.Protocol);
        Assert.Equal(["0"], audio.Formats);
        Assert.Equal(new SdpAttribute("rtpmap", "0 PCMU/8000"), Assert.Single(audio.Attributes));
    }

    [Fact]
    public void TryParse_Succeeds_WhenLinesEndInLfOnly()
    {
        // Act
        var sdp = TestSdp.Parse(SdpOffers.Baresip);

        // Assert
        var audio = Assert.Single(sdp.MediaDescriptions);
        Assert.Equal(["0", "8", "101"], audio.Formats);
        Assert.Equal(20, audio.Ptime);
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.NotNull(audio.GetAttribute(SdpAttributeNames.RtcpMux));
        Assert.Null(audio.GetAttribute(SdpAttributeNames.RtcpMux)!.Value);
        Assert.Equal(new SdpBandwidth("AS", 64), Assert.Single(audio.Bandwidths));
        Assert.DoesNotContain('\r', audio.Attributes[^1].Value!);
    }

    [Fact]
    public void TryParse_KeepsLastLine_WhenFinalLineEndIsMissing()
    {
        // Arrange
        var text = SdpOffers.Sipp.TrimEnd();

        // Act
        var sdp = TestSdp.Parse(text);

        // Assert
        Assert.True(sdp.MediaDescriptions[0].TryGetRtpMap("0", out var map));
        Assert.Equal(new SdpRtpMap(0, "PCMU", 8000), map);
    }

    [Fact]
    public void TryGetRtpMap_ReadsLowerCaseNames_WhenPhoneWritesPcmuInLowerCase()
    {
        // Arrange
        var sdp = TestSdp.Parse(SdpOffers.Crlf(
            "v=0", "o=SIPPS 1 2 IN IP4 192.0.2.2", "s=SIP call", "c=IN IP4 192.0.2.2", "t=0 0",
            "m=audio 30000 RTP/AVP 0 8", "a=rtpmap:0 pcmu/8000", "a=rtpmap:8 pcma/8000"));

        // Act
        var found = sdp.MediaDescriptions[0].TryGetRtpMap("8", out var map);

        // Assert
        Assert.True(found);
        Assert.Equal("pcma", map!.EncodingName);
        Assert.True(map.Is("PCMA", 8000));
    }

    [Fact]
    public void TryGetRtpMap_UsesStaticTable_WhenPayloadTypeHasNoRtpMap()
    {
        // Arrange
        var media = TestSdp.Parse(SdpOffers.DeskPhone).MediaDescriptions[0];

        // Act
        var found18 = media.TryGetRtpMap("18", out var g729);
        var found8 = media.TryGetRtpMap("8", out var pcma);
        var found0 = media.TryGetRtpMap("0", out var pcmu);

        // Assert
        Assert.True(found18 && found8 && found0);
        Assert.Equal("G729", g729!.EncodingName);
        Assert.Equal(new SdpRtpMap(8, "PCMA", 8000), pcma);
        Assert.Equal(new SdpRtpMap(0, "PCMU", 8000), pcmu);
    }

    [Fact]
    public void TryParse_KeepsUnknownLinesAndAttributes_WhenOfferCarriesThem()
    {
        // Arrange
        var text = SdpOffers.Crlf(
            "v=0", "o=- 1 1 IN IP4 192.0.2.3", "s=-", "i=call info", "u=http://example.com/s",
            "c=IN IP4 192.0.2.3", "t=0 0", "r=7d 1h 0 25h", "a=X-nat:0", "y=unknown type",
            "m=audio 4000 RTP/AVP 0", "i=audio", "k=prompt", "a=silenceSupp:off - - - -", "a=X-custom");

        // Act
        var sdp = TestSdp.Parse(text);

        // Assert
        Assert.Equal(
            [new SdpLine('i', "call info"), new SdpLine('u', "http://example.com/s"), new SdpLine('r', "7d 1h 0 25h"), new SdpLine('y', "unknown type")],
            sdp.OtherLines);
        Assert.Equal(new SdpAttribute("X-nat", "0"), Assert.Single(sdp.Attributes));
        var audio = sdp.MediaDescriptions[0];
        Assert.Equal([new SdpLine('i', "audio"), new SdpLine('k', "prompt")], audio.OtherLines);
        Assert.Equal([new SdpAttribute("silenceSupp", "off - - - -"), new SdpAttribute("X-custom")], audio.Attributes);
        Assert.Equal(text, sdp.ToString());
    }

    [Fact]
    public void GetDirection_UsesSessionLevel_WhenAttributeComesBeforeFirstMediaLine()
    {
        // Arrange
        var sdp = TestSdp.Parse(SdpOffers.Crlf(
            "v=0", "o=x 1174909600 1174909601 IN IP4 10.1.1.241", "s=-", "c=IN IP4 10.1.1.241", "t=0 0",
            "a=sendonly", "m=audio 20026 RTP/AVP 8 0", "a=rtcp:20027 IN IP4 10.1.1.241"));
        var audio = sdp.MediaDescriptions[0];

        // Act
        var direction = sdp.GetDirection(audio);

        // Assert
        Assert.Null(audio.Direction);
        Assert.Equal(SdpDirection.SendOnly, sdp.Direction);
        Assert.Equal(SdpDirection.SendOnly, direction);
        Assert.Equal(new SdpRtcp(20027, new SdpConnection("IN", "IP4", "10.1.1.241")), audio.Rtcp);
    }

    [Fact]
    public void GetDirection_PrefersMediaLevel_WhenBothLevelsHaveOne()
    {
        // Arrange
        var sdp = TestSdp.Parse(SdpOffers.Crlf(
            "v=0", "o=- 1 1 IN IP4 192.0.2.3", "s=-", "c=IN IP4 192.0.2.3", "t=0 0",
            "a=sendrecv", "m=audio 4000 RTP/AVP 0", "a=inactive", "m=audio 4002 RTP/AVP 0"));

        // Act
        var first = sdp.GetDirection(sdp.MediaDescriptions[0]);
        var second = sdp.GetDirection(sdp.MediaDescriptions[1]);

        // Assert
        Assert.Equal(SdpDirection.Inactive, first);
        Assert.Equal(SdpDirection.SendRecv, second);
    }

    [Fact]
    public void GetConnection_PrefersMediaLevel_WhenBothLevelsHaveOne()
    {
        // Arrange
        var sdp = TestSdp.Parse(SdpOffers.Crlf(
            "v=0", "o=- 1 1 IN IP4 192.0.2.3", "s=-", "c=IN IP4 192.0.2.3", "t=0 0",
            "m=audio 4000 RTP/AVP 0", "c=IN IP4 192.0.2.99", "m=video 0 RTP/AVP 96"));

        // Act
        var audio = sdp.GetConnection(sdp.MediaDescriptions[0]);
        var video = sdp.GetConnection(sdp.MediaDescriptions[1]);

        // Assert
        Assert.Equal("192.0.2.99", audio!.Address);
        Assert.Equal("192.0.2.3", video!.Address);
    }

    [Fact]
    public void TryParse_ReadsIpv6AndHoldAddresses_WhenConnectionIsIp6OrUnspecified()
    {
        // Act
        var ipv6 = TestSdp.Parse(SdpOffers.AmrWbOnly);
        var hold = TestSdp.Parse(SdpOffers.Hold);

        // Assert
        Assert.Equal(new SdpConnection("IN", "IP6", "2001:db8::2"), ipv6.Connection);
        Assert.False(ipv6.Connection!.IsUnspecified);
        Assert.True(hold.Connection!.IsUnspecified);
    }

    [Fact]
    public void TryParse_KeepsFirstOccurrence_WhenPayloadTypeIsListedAndMappedTwice()
    {
        // Arrange
        var text = SdpOffers.Crlf(
            "v=0", "o=b0000 613 888 IN IP4 192.0.2.88", "s=SIP Call", "c=IN IP4 192.0.2.88", "t=0 0",
            "m=audio 10000 RTP/AVP 0 101 18 100 101 8",
            "a=fmtp:101 0-15", "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000",
            "a=rtpmap:18 G729/8000", "a=rtpmap:100 G726-16/8000", "a=rtpmap:101 G726-24/8000", "a=rtpmap:8 PCMA/8000");

        // Act
        var media = TestSdp.Parse(text).MediaDescriptions[0];

        // Assert
        Assert.Equal(["0", "101", "18", "100", "8"], media.Formats);
        Assert.True(media.TryGetRtpMap("101", out var map));
        Assert.Equal("telephone-event", map!.EncodingName);
        Assert.Equal("0-15", media.GetFmtp("101"));
    }

    [Fact]
    public void TryParse_KeepsNonNumericFormats_WhenMediaIsT38()
    {
        // Act
        var image = TestSdp.Parse(SdpOffers.T38Only).MediaDescriptions[0];

        // Assert
        Assert.Equal("image", image.Media);
        Assert.Equal("udptl", image.Protocol);
        Assert.Equal(["t38"], image.Formats);
        Assert.False(image.IsRtp);
        Assert.False(image.TryGetRtpMap("t38", out _));
    }

    [Fact]
    public void TryParse_ReadsPortCount_WhenMediaLineHasOne()
    {
        // Act
        var media = TestSdp.Parse(SdpOffers.Crlf(
            "v=0", "o=- 1 1 IN IP4 192.0.2.3", "s=-", "c=IN IP4 192.0.2.3", "t=0 0", "m=audio 49170/2 RTP/AVP 0")).MediaDescriptions[0];

        // Assert
        Assert.Equal(49170, media.Port);
        Assert.Equal(2, media.PortCount);
    }

    [Fact]
    public void TryParse_KeepsUnreadableRtpMap_WhenBodyWasCutOffMidLine()
    {
        // Arrange
        var text = "v=0\r\no=- 9312 7567 IN IP4 192.0.2.9\r\ns=SIP Call\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\n"
            + "m=audio 16434 RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telepho";

        // Act
        var media = TestSdp.Parse(text).MediaDescriptions[0];

        // Assert
        Assert.Equal(new SdpAttribute("rtpmap", "101 telepho"), media.Attributes[^1]);
        Assert.False(media.TryGetRtpMap("101", out _));
    }

    [Theory]
    [InlineData("o=- 1 1 IN IP4 192.0.2.3\r\ns=-\r\nt=0 0\r\n", "SDP line 1 \"o=- 1 1 IN IP4 192.0.2.3\": SDP must start with a v= line")]
    [InlineData("", "empty SDP: no v= line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.3\r\ns=-\r\nt=0 0\r\nm=audio RTP/AVP 0\r\n", "SDP line 5 \"m=audio RTP/AVP 0\": m= needs <media> <port> <proto> <fmt> ...")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.3\r\ns=-\r\nt=0 0\r\nm=audio abc RTP/AVP 0\r\n", "SDP line 5 \"m=audio abc RTP/AVP 0\": m= port 'abc' is not a number from 0 to 65535")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.3\r\ns=-\r\nt=0 0\r\nm=audio 70000 RTP/AVP 0\r\n", "SDP line 5 \"m=audio 70000 RTP/AVP 0\": m= port '70000' is not a number from 0 to 65535")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.3\r\ns=-\r\nhello world\r\n", "SDP line 4 \"hello world\": not a <type>=<value> line")]
    [InlineData("v=0\r\no=- 1 IN IP4\r\ns=-\r\n", "SDP line 2 \"o=- 1 IN IP4\": o= needs <username> <sess-id> <sess-version> <nettype> <addrtype> <address>")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.3\r\ns=-\r\nc=IN IP4\r\n", "SDP line 4 \"c=IN IP4\": c= needs <nettype> <addrtype> <connection-address>")]
    [InlineData("v=0\r\ns=-\r\nt=0 0\r\n", "no o= line")]
    public void TryParse_FailsNamingTheLine_WhenTextIsNotSdp(string text, string expected)
    {
        // Act
        var ok = SessionDescription.TryParse(text, out var sdp, out var error);

        // Assert
        Assert.False(ok);
        Assert.Null(sdp);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryParse_Fails_WhenTextIsNull()
    {
        // Act
        var ok = SessionDescription.TryParse(null, out var sdp, out var error);

        // Assert
        Assert.False(ok);
        Assert.Null(sdp);
        Assert.NotNull(error);
    }

    [Fact]
    public void ToString_WritesRfcOrderWithCrlf_WhenParsedFromOutOfOrderLfText()
    {
        // Arrange: a= before c= and t=, b= after t=, LF line ends.
        var text = "v=0\no=- 3 4 IN IP4 192.0.2.3\ns=-\na=X-nat:0\nt=0 0\nb=AS:84\nc=IN IP4 192.0.2.3\n"
            + "m=audio 4000 RTP/AVP 8 0\na=sendrecv\nb=TIAS:64000\nc=IN IP4 192.0.2.4\n";

        // Act
        var written = TestSdp.Parse(text).ToString();

        // Assert
        Assert.Equal(
            SdpOffers.Crlf(
                "v=0", "o=- 3 4 IN IP4 192.0.2.3", "s=-", "c=IN IP4 192.0.2.3", "b=AS:84", "t=0 0", "a=X-nat:0",
                "m=audio 4000 RTP/AVP 8 0", "c=IN IP4 192.0.2.4", "b=TIAS:64000", "a=sendrecv"),
            written);
    }

    [Theory]
    [MemberData(nameof(AllOffers))]
    public void ToString_RoundTripsToAnEqualText_WhenParsedAgain(string name, string text)
    {
        // Arrange
        var first = TestSdp.Parse(text);

        // Act
        var written = first.ToString();
        var second = TestSdp.Parse(written);

        // Assert
        Assert.Equal(written, second.ToString());
        Assert.Equal(first.Origin, second.Origin);
        Assert.Equal(first.MediaDescriptions.Count, second.MediaDescriptions.Count);
        for (var i = 0; i < first.MediaDescriptions.Count; i++)
        {
            Assert.Equal(first.MediaDescriptions[i].Formats, second.MediaDescriptions[i].Formats);
            Assert.Equal(first.MediaDescriptions[i].Attributes, second.MediaDescriptions[i].Attributes);
        }

        Assert.EndsWith("\r\n", written, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", written.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.NotNull(name);
    }

    public static TheoryData<string, string> AllOffers() => new()
    {
        { nameof(SdpOffers.Sipp), SdpOffers.Sipp },
        { nameof(SdpOffers.Baresip), SdpOffers.Baresip },
        { nameof(SdpOffers.Linphone), SdpOffers.Linphone },
        { nameof(SdpOffers.AsteriskTrunk), SdpOffers.AsteriskTrunk },
        { nameof(SdpOffers.DeskPhone), SdpOffers.DeskPhone },
        { nameof(SdpOffers.SbcPcmaPtime30), SdpOffers.SbcPcmaPtime30 },
        { nameof(SdpOffers.WebRtcStyle), SdpOffers.WebRtcStyle },
        { nameof(SdpOffers.VideoAndAudio), SdpOffers.VideoAndAudio },
        { nameof(SdpOffers.T38Only), SdpOffers.T38Only },
        { nameof(SdpOffers.AmrWbOnly), SdpOffers.AmrWbOnly },
        { nameof(SdpOffers.SrtpOnly), SdpOffers.SrtpOnly },
        { nameof(SdpOffers.Hold), SdpOffers.Hold },
    };
}
