using System.Net;
using IvrService.Media.Sdp;

namespace IvrService.Media.Tests.Sdp;

public sealed class SdpNegotiatorTests
{
    [Fact]
    public void TryAnswer_AcceptsPcmu_WhenOfferIsSippDefaultUac()
    {
        // Act
        var (answer, result) = TestSdp.Answer(SdpOffers.Sipp);

        // Assert
        Assert.Equal(new SdpNegotiationResult("192.0.2.10", 6000, SdpCodec.Pcmu, null, 20, SdpDirection.SendRecv, false, 0), result);
        Assert.Equal(
            SdpOffers.Crlf(
                "v=0",
                "o=ivr 7301 1 IN IP4 198.51.100.1",
                "s=-",
                "c=IN IP4 198.51.100.1",
                "t=0 0",
                "m=audio 40000 RTP/AVP 0",
                "a=rtpmap:0 PCMU/8000",
                "a=ptime:20",
                "a=sendrecv"),
            answer.ToString());
    }

    [Fact]
    public void TryAnswer_AcceptsPcmuWithEvents_WhenOfferIsBaresip()
    {
        // Act
        var (answer, result) = TestSdp.Answer(SdpOffers.Baresip);

        // Assert
        Assert.Equal(SdpCodec.Pcmu, result.Codec);
        Assert.Equal(101, result.TelephoneEventPayloadType);
        Assert.Equal(20, result.Ptime);
        var audio = Assert.Single(answer.MediaDescriptions);
        Assert.Equal(["0", "101"], audio.Formats);
        Assert.Equal("0-15", audio.GetFmtp("101"));
        Assert.Null(audio.GetAttribute(SdpAttributeNames.RtcpMux));
    }

    [Fact]
    public void TryAnswer_PicksPcmuAndEightKilohertzEvents_WhenOfferIsLinphoneAvpf()
    {
        // Act
        var (answer, result) = TestSdp.Answer(SdpOffers.Linphone);

        // Assert
        Assert.Equal(SdpCodec.Pcmu, result.Codec);
        Assert.Equal(100, result.TelephoneEventPayloadType);
        var audio = Assert.Single(answer.MediaDescriptions);
        Assert.Equal("RTP/AVPF", audio.Protocol);
        Assert.Equal(["0", "100"], audio.Formats);
    }

    [Fact]
    public void TryAnswer_AcceptsPcmuSendRecv_WhenOfferIsAsteriskTrunk()
    {
        // Act
        var (answer, result) = TestSdp.Answer(SdpOffers.AsteriskTrunk);

        // Assert
        Assert.Equal(new SdpNegotiationResult("198.51.100.5", 14552, SdpCodec.Pcmu, 101, 20, SdpDirection.SendRecv, false, 0), result);
        Assert.Equal(SdpDirection.SendRecv, answer.MediaDescriptions[0].Direction);
    }

    [Fact]
    public void TryAnswer_PicksPcmaByStaticNumber_WhenDeskPhoneOffersG729FirstWithoutRtpMaps()
    {
        // Act
        var (answer, result) = TestSdp.Answer(SdpOffers.DeskPhone);

        // Assert
        Assert.Equal(SdpCodec.Pcma, result.Codec);
        Assert.Equal(101, result.TelephoneEventPayloadType);
        Assert.Equal(["8", "101"], answer.MediaDescriptions[0].Formats);
        Assert.Equal("8 PCMA/8000", answer.MediaDescriptions[0].GetAttributeValue(SdpAttributeNames.RtpMap));
    }

    [Fact]
    public void TryAnswer_KeepsPtime30AndOfferedEventType_WhenSbcOffersPcmaOnly()
    {
        // Act
        var (answer, result) = TestSdp.Answer(SdpOffers.SbcPcmaPtime30);

        // Assert
        Assert.Equal(SdpCodec.Pcma, result.Codec);
        Assert.Equal(102, result.TelephoneEventPayloadType);
        Assert.Equal(30, result.Ptime);
        Assert.Equal(30, answer.MediaDescriptions[0].Ptime);
        Assert.Equal(["8", "102"], answer.MediaDescriptions[0].Formats);
    }

    [Fact]
    public void TryAnswer_PicksEventsAt8000_WhenOfferHasEventsAt16000First()
    {
        // Act
        var (answer, result) = TestSdp.Answer(SdpOffers.WebRtcStyle);

        // Assert
        Assert.Equal(SdpCodec.Pcma, result.Codec);
        Assert.Equal(101, result.TelephoneEventPayloadType);
        Assert.Equal(["8", "101"], answer.MediaDescriptions[0].Formats);
    }

    [Fact]
    public void TryAnswer_AnswersWithoutEvents_WhenEventsAreOfferedAt16000Only()
    {
        // Arrange
        var offer = SdpOffers.Crlf(
            "v=0", "o=- 1 1 IN IP4 192.0.2.3", "s=-", "c=IN IP4 192.0.2.3", "t=0 0",
            "m=audio 4000 RTP/AVP 0 103", "a=rtpmap:103 telephone-event/16000");

        // Act
        var (answer, result) = TestSdp.Answer(offer);

        // Assert
        Assert.Null(result.TelephoneEventPayloadType);
        Assert.Equal(["0"], answer.MediaDescriptions[0].Formats);
    }

    [Fact]
    public void TryAnswer_RefusesVideoWithPortZeroKeepingOrder_WhenOfferHasVideoAndAudio()
    {
        // Act
        var (answer, result) = TestSdp.Answer(SdpOffers.VideoAndAudio);

        // Assert
        Assert.Equal(1, result.MediaIndex);
        Assert.Equal(SdpCodec.Pcma, result.Codec);
        Assert.Equal(12100, result.RemotePort);
        Assert.Equal(2, answer.MediaDescriptions.Count);
        var video = answer.MediaDescriptions[0];
        Assert.Equal("video", video.Media);
        Assert.Equal(0, video.Port);
        Assert.Equal("RTP/AVP", video.Protocol);
        Assert.NotEmpty(video.Formats);
        Assert.Equal("audio", answer.MediaDescriptions[1].Media);
        Assert.Equal(40000, answer.MediaDescriptions[1].Port);
    }

    [Fact]
    public void TryAnswer_Rejects_WhenOfferIsT38Only()
    {
        // Arrange
        var offer = TestSdp.Parse(SdpOffers.T38Only);

        // Act
        var ok = SdpNegotiator.TryAnswer(offer, TestSdp.Local, out var answer, out var result, out var reason);

        // Assert
        Assert.False(ok);
        Assert.Null(answer);
        Assert.Null(result);
        Assert.Equal("no audio stream to take: offer has only image udptl", reason);
    }

    [Fact]
    public void TryAnswer_RejectsNamingTheCodec_WhenOfferIsAmrWbOnly()
    {
        // Arrange
        var offer = TestSdp.Parse(SdpOffers.AmrWbOnly);

        // Act
        var ok = SdpNegotiator.TryAnswer(offer, TestSdp.Local, out var answer, out _, out var reason);

        // Assert
        Assert.False(ok);
        Assert.Null(answer);
        Assert.Equal("no common codec: offer has only AMR-WB/16000", reason);
    }

    [Fact]
    public void TryAnswer_Rejects_WhenAudioIsOfferedOverSrtpOnly()
    {
        // Arrange
        var offer = TestSdp.Parse(SdpOffers.SrtpOnly);

        // Act
        var ok = SdpNegotiator.TryAnswer(offer, TestSdp.Local, out _, out _, out var reason);

        // Assert
        Assert.False(ok);
        Assert.Equal("incompatible transport: audio offered only over RTP/SAVPF (RTP/AVP or RTP/AVPF needed)", reason);
    }

    [Fact]
    public void TryAnswer_TakesPlainRtpStream_WhenSrtpAndRtpAreOfferedSideBySide()
    {
        // Arrange
        var offer = SdpOffers.Crlf(
            "v=0", "o=- 1 1 IN IP4 192.0.2.3", "s=-", "c=IN IP4 192.0.2.3", "t=0 0",
            "m=audio 4000 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAAA",
            "m=audio 4002 RTP/AVP 0");

        // Act
        var (answer, result) = TestSdp.Answer(offer);

        // Assert
        Assert.Equal(1, result.MediaIndex);
        Assert.Equal(4002, result.RemotePort);
        Assert.Equal(0, answer.MediaDescriptions[0].Port);
        Assert.Equal("RTP/SAVP", answer.MediaDescriptions[0].Protocol);
        Assert.Equal(40000, answer.MediaDescriptions[1].Port);
    }

    [Fact]
    public void TryAnswer_IgnoresCrypto_WhenOfferIsRtpAvpWithBestEffortSdes()
    {
        // Arrange
        var offer = SdpOffers.Crlf(
            "v=0", "o=- 3784977145 3784977145 IN IP4 192.0.2.102", "s=pjmedia", "b=AS:84", "t=0 0", "a=X-nat:0",
            "m=audio 4000 RTP/AVP 8 0 101", "c=IN IP4 192.0.2.102", "a=rtcp:4001 IN IP4 192.0.2.102", "a=sendrecv",
            "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16",
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        // Act
        var (answer, result) = TestSdp.Answer(offer);

        // Assert
        Assert.Equal(SdpCodec.Pcma, result.Codec);
        Assert.Equal("192.0.2.102", result.RemoteAddress);
        Assert.Null(answer.MediaDescriptions[0].GetAttribute("crypto"));
        Assert.Equal("RTP/AVP", answer.MediaDescriptions[0].Protocol);
    }

    [Fact]
    public void TryAnswer_MatchesPcmuByName_WhenMappedToDynamicPayloadType()
    {
        // Arrange
        var offer = SdpOffers.Crlf(
            "v=0", "o=- 1 1 IN IP4 192.0.2.3", "s=-", "c=IN IP4 192.0.2.3", "t=0 0",
            "m=audio 4000 RTP/AVP 96", "a=rtpmap:96 pcmu/8000");

        // Act
        var (answer, result) = TestSdp.Answer(offer);

        // Assert
        Assert.Equal(new SdpCodec(96, "PCMU"), result.Codec);
        Assert.True(result.Codec.IsPcmu);
        Assert.Equal(["96"], answer.MediaDescriptions[0].Formats);
    }

    [Theory]
    [InlineData("a=ptime:30", 30)]
    [InlineData("a=ptime:10", 10)]
    [InlineData("a=ptime:60", 60)]
    [InlineData("a=ptime:25", 20)]
    [InlineData("a=ptime:80", 20)]
    [InlineData("a=ptime:abc", 20)]
    [InlineData("a=maxptime:10", 10)]
    [InlineData("a=maxptime:150", 20)]
    public void TryAnswer_ChoosesPtime_WhenOfferAsks(string attribute, int expected)
    {
        // Arrange
        var offer = SdpOffers.Crlf(
            "v=0", "o=- 1 1 IN IP4 192.0.2.3", "s=-", "c=IN IP4 192.0.2.3", "t=0 0", "m=audio 4000 RTP/AVP 8", attribute);

        // Act
        var (answer, result) = TestSdp.Answer(offer);

        // Assert
        Assert.Equal(expected, result.Ptime);
        Assert.Equal(expected, answer.MediaDescriptions[0].Ptime);
    }

    [Theory]
    [InlineData("sendrecv", SdpDirection.SendRecv, false)]
    [InlineData("sendonly", SdpDirection.RecvOnly, true)]
    [InlineData("recvonly", SdpDirection.SendOnly, false)]
    [InlineData("inactive", SdpDirection.Inactive, true)]
    public void TryAnswer_MirrorsDirection_WhenOfferHasDirectionAttribute(string offered, SdpDirection expected, bool onHold)
    {
        // Arrange
        var offer = SdpOffers.Crlf(
            "v=0", "o=- 1 1 IN IP4 192.0.2.3", "s=-", "c=IN IP4 192.0.2.3", "t=0 0", "m=audio 4000 RTP/AVP 0", "a=" + offered);

        // Act
        var (answer, result) = TestSdp.Answer(offer);

        // Assert
        Assert.Equal(expected, result.Direction);
        Assert.Equal(expected, answer.MediaDescriptions[0].Direction);
        Assert.Equal(onHold, result.RemoteOnHold);
    }

    [Fact]
    public void TryAnswer_RecognisesHold_WhenAddressIsZeroWithSendRecv()
    {
        // Arrange
        var offer = SdpOffers.Crlf(
            "v=0", "o=- 1 2 IN IP4 192.0.2.3", "s=-", "c=IN IP4 0.0.0.0", "t=0 0", "m=audio 4000 RTP/AVP 0");

        // Act
        var (_, result) = TestSdp.Answer(offer);

        // Assert
        Assert.True(result.RemoteOnHold);
        Assert.Equal("0.0.0.0", result.RemoteAddress);
        Assert.Equal(SdpDirection.SendRecv, result.Direction);
    }

    [Fact]
    public void TryAnswer_HoldsThenResumesWithVersionStepping_WhenPhoneSendsHoldAndResumeReInvites()
    {
        // Arrange
        var local = TestSdp.Local;
        var (first, _) = TestSdp.Answer(SdpOffers.AsteriskTrunk, local);
        local = local.NextVersion();

        // Act
        var (held, holdResult) = TestSdp.Answer(SdpOffers.Hold, local);
        local = local.NextVersion();
        var (resumed, resumeResult) = TestSdp.Answer(SdpOffers.Resume, local);

        // Assert
        Assert.True(holdResult.RemoteOnHold);
        Assert.Equal(SdpDirection.RecvOnly, holdResult.Direction);
        Assert.Equal(SdpDirection.RecvOnly, held.MediaDescriptions[0].Direction);
        Assert.False(resumeResult.RemoteOnHold);
        Assert.Equal(SdpDirection.SendRecv, resumeResult.Direction);
        Assert.Equal("192.0.2.80", resumeResult.RemoteAddress);
        Assert.Equal(first.Origin.SessionId, held.Origin.SessionId);
        Assert.Equal(first.Origin.SessionId, resumed.Origin.SessionId);
        Assert.Equal("1", first.Origin.SessionVersion);
        Assert.Equal("2", held.Origin.SessionVersion);
        Assert.Equal("3", resumed.Origin.SessionVersion);
    }

    [Fact]
    public void TryAnswer_WritesIp6Origin_WhenLocalAddressIsIpv6()
    {
        // Arrange
        var local = new SdpLocalMedia(IPAddress.Parse("2001:db8::10"), 40002, 9, 1);

        // Act
        var (answer, _) = TestSdp.Answer(SdpOffers.Sipp, local);

        // Assert
        Assert.Equal(new SdpOrigin("-", "9", "1", "IN", "IP6", "2001:db8::10"), answer.Origin);
        Assert.Equal(new SdpConnection("IN", "IP6", "2001:db8::10"), answer.Connection);
    }

    [Fact]
    public void TryAnswer_Rejects_WhenOfferHasNoMediaLine()
    {
        // Arrange
        var offer = TestSdp.Parse(SdpOffers.Crlf("v=0", "o=- 1 1 IN IP4 192.0.2.3", "s=-", "c=IN IP4 192.0.2.3", "t=0 0"));

        // Act
        var ok = SdpNegotiator.TryAnswer(offer, TestSdp.Local, out _, out _, out var reason);

        // Assert
        Assert.False(ok);
        Assert.Equal("offer has no m= line", reason);
    }

    [Fact]
    public void CreateOffer_OffersG711AndEvents_WhenCalled()
    {
        // Act
        var offer = SdpNegotiator.CreateOffer(TestSdp.Local);

        // Assert
        Assert.Equal(
            SdpOffers.Crlf(
                "v=0",
                "o=ivr 7301 1 IN IP4 198.51.100.1",
                "s=-",
                "c=IN IP4 198.51.100.1",
                "t=0 0",
                "m=audio 40000 RTP/AVP 0 8 101",
                "a=rtpmap:0 PCMU/8000",
                "a=rtpmap:8 PCMA/8000",
                "a=rtpmap:101 telephone-event/8000",
                "a=fmtp:101 0-16",
                "a=ptime:20",
                "a=sendrecv"),
            offer.ToString());
    }

    [Fact]
    public void TryReadAnswer_ReadsTheirChoice_WhenDelayedOfferIsAnsweredInAck()
    {
        // Arrange: an INVITE without a body; we offer in the 2xx and the phone answers in the ACK.
        var offer = SdpNegotiator.CreateOffer(TestSdp.Local);
        var sentText = offer.ToString();
        var ackBody = SdpOffers.Crlf(
            "v=0", "o=phone 4711 4711 IN IP4 192.0.2.44", "s=-", "c=IN IP4 192.0.2.44", "t=0 0",
            "m=audio 30000 RTP/AVP 8 101", "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15", "a=ptime:20", "a=sendrecv");

        // Act
        var ok = SdpNegotiator.TryReadAnswer(TestSdp.Parse(sentText), TestSdp.Parse(ackBody), out var result, out var error);

        // Assert
        Assert.True(ok, error);
        Assert.Equal(new SdpNegotiationResult("192.0.2.44", 30000, SdpCodec.Pcma, 101, 20, SdpDirection.SendRecv, false, 0), result);
    }

    [Fact]
    public void TryReadAnswer_MirrorsDirection_WhenAnswerIsRecvOnly()
    {
        // Arrange
        var offer = SdpNegotiator.CreateOffer(TestSdp.Local);
        var answer = TestSdp.Parse(SdpOffers.Crlf(
            "v=0", "o=p 1 1 IN IP4 192.0.2.44", "s=-", "c=IN IP4 192.0.2.44", "t=0 0", "m=audio 30000 RTP/AVP 0", "a=recvonly"));

        // Act
        var ok = SdpNegotiator.TryReadAnswer(offer, answer, out var result, out _);

        // Assert
        Assert.True(ok);
        Assert.Equal(SdpDirection.SendOnly, result!.Direction);
        Assert.Null(result.TelephoneEventPayloadType);
        Assert.False(result.RemoteOnHold);
    }

    [Fact]
    public void TryReadAnswer_Fails_WhenAnswerRejectsAudioWithPortZero()
    {
        // Arrange
        var offer = SdpNegotiator.CreateOffer(TestSdp.Local);
        var answer = TestSdp.Parse(SdpOffers.Crlf(
            "v=0", "o=p 1 1 IN IP4 192.0.2.44", "s=-", "c=IN IP4 192.0.2.44", "t=0 0", "m=audio 0 RTP/AVP 0"));

        // Act
        var ok = SdpNegotiator.TryReadAnswer(offer, answer, out var result, out var error);

        // Assert
        Assert.False(ok);
        Assert.Null(result);
        Assert.Equal("the answer rejected the audio stream (port 0)", error);
    }

    [Fact]
    public void TryReadAnswer_Fails_WhenAnswerPicksCodecWeDidNotOffer()
    {
        // Arrange
        var offer = SdpNegotiator.CreateOffer(TestSdp.Local);
        var answer = TestSdp.Parse(SdpOffers.Crlf(
            "v=0", "o=p 1 1 IN IP4 192.0.2.44", "s=-", "c=IN IP4 192.0.2.44", "t=0 0", "m=audio 30000 RTP/AVP 18"));

        // Act
        var ok = SdpNegotiator.TryReadAnswer(offer, answer, out _, out var error);

        // Assert
        Assert.False(ok);
        Assert.Equal("no common codec: the answer has only G729/8000", error);
    }

    [Fact]
    public void TryReadAnswer_Fails_WhenAnswerHasAnotherNumberOfMediaLines()
    {
        // Arrange
        var offer = SdpNegotiator.CreateOffer(TestSdp.Local);
        var answer = TestSdp.Parse(SdpOffers.Crlf(
            "v=0", "o=p 1 1 IN IP4 192.0.2.44", "s=-", "c=IN IP4 192.0.2.44", "t=0 0",
            "m=audio 30000 RTP/AVP 0", "m=video 0 RTP/AVP 96"));

        // Act
        var ok = SdpNegotiator.TryReadAnswer(offer, answer, out _, out var error);

        // Assert
        Assert.False(ok);
        Assert.Equal("answer has 2 m= lines for the 1 offered", error);
    }

    [Fact]
    public void NextVersion_KeepsSessionIdAndAddsOne_WhenCalled()
    {
        // Arrange
        var local = TestSdp.Local;

        // Act
        var next = local.NextVersion();

        // Assert
        Assert.Equal(local.SessionId, next.SessionId);
        Assert.Equal(local.SessionVersion + 1, next.SessionVersion);
        Assert.Equal(local.UserName, next.UserName);
    }

    [Fact]
    public void NewSessionId_IsPositiveAndBelowTwoToThe62_WhenCalled()
    {
        // Act
        var id = SdpLocalMedia.NewSessionId();

        // Assert
        Assert.InRange(id, 1UL, (1UL << 62) - 1);
    }
}
