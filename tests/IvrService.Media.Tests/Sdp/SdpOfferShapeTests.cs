using IvrService.Media.Sdp;

namespace IvrService.Media.Tests.Sdp;

/// <summary>
/// Offers in the shapes phones, trunks and SBCs send (RFC 3264, RFC 8866, RFC 3551 static payload types, RFC 4733
/// events), written from the RFCs with documentation addresses, each checked against the answer it must get.
/// </summary>
public sealed class SdpOfferShapeTests
{
    private static string Offer(string media, params string[] lines) => SdpOffers.Crlf(
        [
            "v=0",
            "o=- 3920012 3920012 IN IP4 192.0.2.50",
            "s=-",
            "c=IN IP4 192.0.2.50",
            "t=0 0",
            media,
            .. lines,
        ]);

    [Fact]
    public void TryAnswer_PicksG711AndNarrowbandEvents_WhenSoftphoneOffersWidebandFirst()
    {
        // Arrange: opus and G.722 first, events at 48000 and at 8000 (as a softphone offers them).
        var offer = Offer(
            "m=audio 52000 RTP/AVP 111 9 0 8 110 101",
            "a=rtpmap:111 opus/48000/2",
            "a=fmtp:111 minptime=10;useinbandfec=1",
            "a=rtpmap:9 G722/8000",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:110 telephone-event/48000",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:110 0-15",
            "a=fmtp:101 0-15");

        // Act
        var (answer, result) = TestSdp.Answer(offer);

        // Assert
        Assert.Equal(SdpCodec.Pcmu, result.Codec);
        Assert.Equal(101, result.TelephoneEventPayloadType);
        var audio = Assert.Single(TestSdp.Parse(answer.ToString()).MediaDescriptions);
        Assert.Equal(["0", "101"], audio.Formats);
        Assert.Equal("0-15", audio.GetFmtp("101"));
        Assert.True(audio.TryGetRtpMap("101", out var events));
        Assert.Equal(8000, events!.ClockRate);
    }

    [Theory]
    [InlineData("m=audio 52000 RTP/AVP 8 0", 8)]
    [InlineData("m=audio 52000 RTP/AVP 18 0 8", 0)]
    [InlineData("m=audio 52000 RTP/AVP 3 4 8 13", 8)]
    public void TryAnswer_TakesStaticPayloadType_WhenOfferHasNoRtpmap(string media, int expected)
    {
        // Act
        var (answer, result) = TestSdp.Answer(Offer(media));

        // Assert
        Assert.Equal(expected, result.Codec.PayloadType);
        Assert.Null(result.TelephoneEventPayloadType);
        Assert.Equal([expected.ToString(System.Globalization.CultureInfo.InvariantCulture)], answer.MediaDescriptions[0].Formats);
    }

    [Theory]
    [InlineData("pcmu/8000", "PCMU")]
    [InlineData("Pcma/8000", "PCMA")]
    public void TryAnswer_MatchesEncodingName_WhenRtpmapIsInOtherCase(string rtpmap, string expected)
    {
        // Arrange: a dynamic payload type so that only the name can say what it is; events in upper case too.
        var offer = Offer("m=audio 52000 RTP/AVP 96 97", $"a=rtpmap:96 {rtpmap}", "a=rtpmap:97 TELEPHONE-EVENT/8000");

        // Act
        var (_, result) = TestSdp.Answer(offer);

        // Assert
        Assert.Equal(96, result.Codec.PayloadType);
        Assert.Equal(expected, result.Codec.EncodingName);
        Assert.Equal(97, result.TelephoneEventPayloadType);
    }

    [Fact]
    public void TryAnswer_KeepsBothLinesAndRejectsVideo_WhenOfferHasAudioThenVideo()
    {
        // Arrange
        var offer = Offer(
            "m=audio 52000 RTP/AVP 0 101",
            "a=rtpmap:101 telephone-event/8000",
            "m=video 52002 RTP/AVP 96 34",
            "a=rtpmap:96 H264/90000",
            "a=fmtp:96 profile-level-id=42801F");

        // Act
        var (answer, result) = TestSdp.Answer(offer);

        // Assert
        var media = TestSdp.Parse(answer.ToString()).MediaDescriptions;
        Assert.Equal(2, media.Count);
        Assert.Equal(("audio", TestSdp.Local.RtpPort), (media[0].Media, media[0].Port));
        Assert.Equal(("video", 0), (media[1].Media, media[1].Port));
        Assert.Equal("RTP/AVP", media[1].Protocol);
        Assert.NotEmpty(media[1].Formats);
        Assert.Equal(0, result.MediaIndex);
    }

    [Fact]
    public void TryAnswer_AnswersSecondLine_WhenVideoComesBeforeAudio()
    {
        // Arrange
        var offer = Offer("m=video 52002 RTP/AVP 34", "m=audio 52000 RTP/AVP 8");

        // Act
        var (answer, result) = TestSdp.Answer(offer);

        // Assert
        Assert.Equal(1, result.MediaIndex);
        Assert.Equal([0, TestSdp.Local.RtpPort], answer.MediaDescriptions.Select(m => m.Port));
    }

    [Fact]
    public void TryAnswer_RefusesWithTransportReason_WhenOfferIsSrtpOnly()
    {
        // Arrange
        var offer = Offer(
            "m=audio 52000 RTP/SAVP 0 8 101",
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32",
            "a=rtpmap:101 telephone-event/8000");

        // Act
        var answered = SdpNegotiator.TryAnswer(TestSdp.Parse(offer), TestSdp.Local, out var answer, out _, out var reason, out var rejection);

        // Assert
        Assert.False(answered);
        Assert.Null(answer);
        Assert.Contains("RTP/SAVP", reason, StringComparison.Ordinal);
        Assert.Equal(SdpRejection.IncompatibleTransport, rejection);
    }

    [Fact]
    public void TryAnswer_TakesPlainStream_WhenOfferHasSrtpAndPlainAlternatives()
    {
        // Arrange: best-effort SRTP offered as two m= lines, SAVP first.
        var offer = Offer(
            "m=audio 52000 RTP/SAVP 0",
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR",
            "m=audio 52004 RTP/AVP 0");

        // Act
        var (answer, result) = TestSdp.Answer(offer);

        // Assert
        Assert.Equal(1, result.MediaIndex);
        Assert.Equal(52004, result.RemotePort);
        Assert.Equal([0, TestSdp.Local.RtpPort], answer.MediaDescriptions.Select(m => m.Port));
        Assert.Equal("RTP/SAVP", answer.MediaDescriptions[0].Protocol);
    }

    [Fact]
    public void TryAnswer_AnswersInSameProfileAndIgnoresIce_WhenOfferIsAvpfWithCandidates()
    {
        // Arrange
        var offer = Offer(
            "m=audio 52000 RTP/AVPF 0 8 101",
            "a=ice-ufrag:8hhY",
            "a=ice-pwd:asd88fgpdd777uzjYhagZg",
            "a=candidate:1 1 UDP 2130706431 192.0.2.50 52000 typ host",
            "a=candidate:2 1 UDP 1694498815 203.0.113.7 45664 typ srflx raddr 192.0.2.50 rport 52000",
            "a=rtcp-fb:* nack",
            "a=rtcp-mux",
            "a=rtpmap:101 telephone-event/8000");

        // Act
        var (answer, result) = TestSdp.Answer(offer);

        // Assert
        var audio = answer.MediaDescriptions[0];
        Assert.Equal("RTP/AVPF", audio.Protocol);
        Assert.Null(audio.GetAttribute("candidate"));
        Assert.Null(audio.GetAttribute("ice-ufrag"));
        Assert.Equal(("192.0.2.50", 52000), (result.RemoteAddress, result.RemotePort));
    }

    [Fact]
    public void TryAnswer_UsesMediaConnection_WhenSessionAndMediaLevelsDiffer()
    {
        // Arrange
        var offer = Offer("m=audio 52000 RTP/AVP 0", "c=IN IP4 198.51.100.77");

        // Act
        var (_, result) = TestSdp.Answer(offer);

        // Assert
        Assert.Equal("198.51.100.77", result.RemoteAddress);
    }

    [Fact]
    public void TryAnswer_UsesMediaConnection_WhenThereIsNoSessionLevelOne()
    {
        // Arrange
        var offer = SdpOffers.Crlf(
            "v=0",
            "o=- 1 1 IN IP4 192.0.2.50",
            "s=-",
            "t=0 0",
            "m=audio 52000 RTP/AVP 8",
            "c=IN IP4 198.51.100.78");

        // Act
        var (_, result) = TestSdp.Answer(offer);

        // Assert
        Assert.Equal("198.51.100.78", result.RemoteAddress);
    }

    [Fact]
    public void TryAnswer_TakesIpv6Address_WhenConnectionIsIp6()
    {
        // Arrange
        var offer = SdpOffers.Crlf(
            "v=0",
            "o=- 1 1 IN IP6 2001:db8::50",
            "s=-",
            "c=IN IP6 2001:db8::50",
            "t=0 0",
            "m=audio 52000 RTP/AVP 0");

        // Act
        var (_, result) = TestSdp.Answer(offer);

        // Assert
        Assert.Equal("2001:db8::50", result.RemoteAddress);
        Assert.False(result.RemoteOnHold);
    }

    [Theory]
    [InlineData("c=IN IP4 0.0.0.0", "a=sendrecv", SdpDirection.SendRecv, true)]
    [InlineData("c=IN IP4 192.0.2.50", "a=sendonly", SdpDirection.RecvOnly, true)]
    [InlineData("c=IN IP4 192.0.2.50", "a=recvonly", SdpDirection.SendOnly, false)]
    [InlineData("c=IN IP4 192.0.2.50", "a=inactive", SdpDirection.Inactive, true)]
    public void TryAnswer_MirrorsDirection_WhenInitialOfferHoldsOrIsOneWay(string connection, string direction, SdpDirection expected, bool onHold)
    {
        // Arrange
        var offer = SdpOffers.Crlf("v=0", "o=- 1 1 IN IP4 192.0.2.50", "s=-", connection, "t=0 0", "m=audio 52000 RTP/AVP 0", direction);

        // Act
        var (answer, result) = TestSdp.Answer(offer);

        // Assert
        Assert.Equal(expected, result.Direction);
        Assert.Equal(onHold, result.RemoteOnHold);
        Assert.Equal(expected, TestSdp.Parse(answer.ToString()).GetDirection(answer.MediaDescriptions[0]));
    }

    [Theory]
    [InlineData("a=ptime:30", 30)]
    [InlineData("a=ptime:30|a=maxptime:20", 20)]
    [InlineData("a=maxptime:40", 20)]
    [InlineData("a=ptime:25", 20)]
    public void TryAnswer_ChoosesPtime_WhenOfferAsksForOne(string attributes, int expected)
    {
        // Act
        var (answer, result) = TestSdp.Answer(Offer("m=audio 52000 RTP/AVP 0", attributes.Split('|')));

        // Assert
        Assert.Equal(expected, result.Ptime);
        Assert.Equal(expected, answer.MediaDescriptions[0].Ptime);
    }

    [Theory]
    [InlineData("0-15")]
    [InlineData("0-16")]
    [InlineData("0-11,16")]
    public void TryAnswer_AnswersDigitEvents_WhenOfferedEventRangeDiffers(string events)
    {
        // Act
        var (answer, result) = TestSdp.Answer(Offer(
            "m=audio 52000 RTP/AVP 8 101", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 " + events));

        // Assert
        Assert.Equal(101, result.TelephoneEventPayloadType);
        Assert.Equal("0-15", answer.MediaDescriptions[0].GetFmtp("101"));
    }

    [Fact]
    public void TryAnswer_AnswersWithoutEvents_WhenOfferHasNoTelephoneEvent()
    {
        // Act
        var (answer, result) = TestSdp.Answer(Offer("m=audio 52000 RTP/AVP 8 0", "a=rtpmap:8 PCMA/8000", "a=rtpmap:0 PCMU/8000"));

        // Assert
        Assert.Null(result.TelephoneEventPayloadType);
        Assert.Equal(["8"], answer.MediaDescriptions[0].Formats);
        Assert.Null(answer.MediaDescriptions[0].GetFmtp("101"));
    }

    [Fact]
    public void TryAnswer_NamesTheCodec_WhenOfferIsG729Only()
    {
        // Arrange
        var offer = Offer("m=audio 52000 RTP/AVP 18 101", "a=rtpmap:18 G729/8000", "a=fmtp:18 annexb=no", "a=rtpmap:101 telephone-event/8000");

        // Act
        var answered = SdpNegotiator.TryAnswer(TestSdp.Parse(offer), TestSdp.Local, out _, out _, out var reason, out var rejection);

        // Assert
        Assert.False(answered);
        Assert.Equal("no common codec: offer has only G729/8000", reason);
        Assert.Equal(SdpRejection.NoCommonCodec, rejection);
    }

    [Theory]
    [InlineData("m=video 52002 RTP/AVP 34", SdpRejection.NoAudioStream)]
    [InlineData("m=audio 0 RTP/AVP 0", SdpRejection.NoAudioStream)]
    [InlineData("m=image 52002 udptl t38", SdpRejection.NoAudioStream)]
    [InlineData("m=audio 52000 UDP/TLS/RTP/SAVPF 0", SdpRejection.IncompatibleTransport)]
    [InlineData("m=audio 52000 RTP/AVP 9 96|a=rtpmap:96 opus/48000/2", SdpRejection.NoCommonCodec)]
    public void TryAnswer_SaysWhichRejection_WhenOfferCannotBeTaken(string lines, SdpRejection expected)
    {
        // Arrange
        var parts = lines.Split('|');

        // Act
        var answered = SdpNegotiator.TryAnswer(TestSdp.Parse(Offer(parts[0], parts[1..])), TestSdp.Local, out var answer, out var result, out var reason, out var rejection);

        // Assert
        Assert.False(answered);
        Assert.Null(answer);
        Assert.Null(result);
        Assert.False(string.IsNullOrEmpty(reason));
        Assert.Equal(expected, rejection);
    }

    [Fact]
    public void TryAnswer_SaysNoConnectionAddress_WhenAudioHasNoCLine()
    {
        // Arrange
        var offer = SdpOffers.Crlf("v=0", "o=- 1 1 IN IP4 192.0.2.50", "s=-", "t=0 0", "m=audio 52000 RTP/AVP 0");

        // Act
        var answered = SdpNegotiator.TryAnswer(TestSdp.Parse(offer), TestSdp.Local, out _, out _, out _, out var rejection);

        // Assert
        Assert.False(answered);
        Assert.Equal(SdpRejection.NoConnectionAddress, rejection);
    }

    [Fact]
    public void TryAnswer_GivesNoRejection_WhenOfferIsAnswered()
    {
        // Act
        var answered = SdpNegotiator.TryAnswer(TestSdp.Parse(Offer("m=audio 52000 RTP/AVP 0")), TestSdp.Local, out _, out _, out var reason, out var rejection);

        // Assert
        Assert.True(answered);
        Assert.Null(reason);
        Assert.Null(rejection);
    }

    [Fact]
    public void TryAnswer_AnswersTheSame_WhenLinesEndInLfOrCrlfWithTrailingSpaces()
    {
        // Arrange
        var lines = new[]
        {
            "v=0", "o=- 1 1 IN IP4 192.0.2.50 ", "s= ", "c=IN IP4 192.0.2.50\t", "b=AS:80", "t=0 0",
            "a=X-nat:0", "m=audio 52000 RTP/AVP 0 8 101 ", "b=TIAS:64000", "b=X-odd:unknown", "a=rtpmap:0 PCMU/8000 ",
            "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15 ", "a=X-nat:0", "a=silenceSupp:off - - - -", "y=0123456789",
        };

        // Act
        var (crlfAnswer, crlf) = TestSdp.Answer(string.Join("\r\n", lines) + "\r\n");
        var (lfAnswer, lf) = TestSdp.Answer(string.Join("\n", lines));

        // Assert
        Assert.Equal(crlf, lf);
        Assert.Equal(crlfAnswer.ToString(), lfAnswer.ToString());
        Assert.Equal(("192.0.2.50", 52000, 101), (crlf.RemoteAddress, crlf.RemotePort, crlf.TelephoneEventPayloadType));
    }

    [Fact]
    public void TryAnswer_UsesFirstRtpmap_WhenOfferMapsOnePayloadTypeTwice()
    {
        // Arrange
        var offer = Offer("m=audio 52000 RTP/AVP 96 0", "a=rtpmap:96 PCMA/8000", "a=rtpmap:96 G729/8000");

        // Act
        var (_, result) = TestSdp.Answer(offer);

        // Assert
        Assert.Equal(new SdpCodec(96, "PCMA"), result.Codec);
    }
}
