using IvrService.Media.Sdp;

namespace IvrService.Media.Tests.Sdp;

/// <summary>Every INVITE body of the captured corpus: G.711 offers answered, the rest refused, empty bodies offered to.</summary>
public sealed class SdpCorpusTests
{
    public enum Outcome
    {
        Answer,
        Reject,
        NoOffer,
    }

    /// <summary>
    /// SDP outcomes for rows whose manifest expectation is about the dialog (481 for an unknown re-INVITE, 400 for
    /// a bad header) rather than the offer; the rest follow from the manifest's first choice.
    /// </summary>
    private static readonly Dictionary<string, Outcome> _byOffer = new(StringComparer.Ordinal)
    {
        ["011-acme-sbc-t38-reinvite.sip"] = Outcome.Reject,
        ["013-arcor-cpe-reinvite.sip"] = Outcome.Answer,
        ["019-sinologic-scanner-invite.sip"] = Outcome.NoOffer,
        ["024-microsip-reinvite.sip"] = Outcome.Answer,
        ["027-polycom-spip601-replaces-invite.sip"] = Outcome.Answer,
        ["031-vericall-edge-bad-from-invite.sip"] = Outcome.Answer,
        ["033-htek-hold-reinvite.sip"] = Outcome.Answer,
    };

    public static TheoryData<string, string> Invites()
    {
        var data = new TheoryData<string, string>();
        foreach (var (file, method, expect) in SipCorpus.Manifest())
        {
            if (method == "INVITE")
            {
                data.Add(file, expect);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Invites))]
    public void TryAnswer_AnswersG711AndRefusesTheRest_WhenOfferIsFromCorpus(string file, string expect)
    {
        // Arrange
        var outcome = ExpectedOutcome(file, expect);
        var body = SipCorpus.ReadBody(file);

        // Act + Assert
        if (outcome == Outcome.NoOffer)
        {
            Assert.True(string.IsNullOrWhiteSpace(body), $"{file} has a body");
            var ours = SdpNegotiator.CreateOffer(TestSdp.Local);
            Assert.Contains(TestSdp.Parse(ours.ToString()).MediaDescriptions, m => m.Media == "audio" && m.Port > 0);
            return;
        }

        var offer = TestSdp.Parse(body);
        var answered = SdpNegotiator.TryAnswer(offer, TestSdp.Local, out var answer, out var result, out var reason);
        if (outcome == Outcome.Reject)
        {
            Assert.False(answered, $"{file} was answered with {result}");
            Assert.False(string.IsNullOrEmpty(reason));
            return;
        }

        Assert.True(answered, $"{file}: {reason}");
        var reparsed = TestSdp.Parse(answer!.ToString());
        Assert.Equal(offer.MediaDescriptions.Count, reparsed.MediaDescriptions.Count);
        for (var i = 0; i < offer.MediaDescriptions.Count; i++)
        {
            Assert.Equal(offer.MediaDescriptions[i].Media, reparsed.MediaDescriptions[i].Media);
            Assert.Equal(offer.MediaDescriptions[i].Protocol, reparsed.MediaDescriptions[i].Protocol);
            Assert.Equal(i == result!.MediaIndex ? TestSdp.Local.RtpPort : 0, reparsed.MediaDescriptions[i].Port);
        }

        var offered = offer.MediaDescriptions[result!.MediaIndex];
        Assert.Contains(result.Codec.PayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture), offered.Formats);
        Assert.True(result.Codec.IsPcmu || result.Codec.IsPcma);
        Assert.InRange(result.RemotePort, 1, 65535);
    }

    [Fact]
    public void Corpus_HasAnExpectationForEveryInvite_WhenManifestIsRead()
    {
        // Act
        var invites = Invites().Select(row => ((string)row[0], (string)row[1])).ToList();

        // Assert
        Assert.NotEmpty(invites);
        Assert.All(invites, row => ExpectedOutcome(row.Item1, row.Item2));
        Assert.Equal(Outcome.Reject, ExpectedOutcome("004-ims-proxy-ipv6-invite.sip", "488|420"));
    }

    [Theory]
    [InlineData("004-ims-proxy-ipv6-invite.sip", "no common codec: offer has only AMR-WB/16000")]
    [InlineData("011-acme-sbc-t38-reinvite.sip", "no audio stream to take: offer has only image udptl")]
    [InlineData("036-sipjs-webrtc-invite.sip", "incompatible transport: audio offered only over RTP/SAVPF (RTP/AVP or RTP/AVPF needed)")]
    public void TryAnswer_GivesReasonForWarning_WhenCorpusOfferHasNothingWeCarry(string file, string expected)
    {
        // Arrange
        var offer = TestSdp.Parse(SipCorpus.ReadBody(file));

        // Act
        var answered = SdpNegotiator.TryAnswer(offer, TestSdp.Local, out _, out _, out var reason);

        // Assert
        Assert.False(answered);
        Assert.Equal(expected, reason);
    }

    [Fact]
    public void TryAnswer_SeesHold_WhenCorpusReInviteHoldsWithZeroAddressAndSendOnly()
    {
        // Arrange
        var offer = TestSdp.Parse(SipCorpus.ReadBody("033-htek-hold-reinvite.sip"));

        // Act
        var answered = SdpNegotiator.TryAnswer(offer, TestSdp.Local, out _, out var result, out _);

        // Assert
        Assert.True(answered);
        Assert.True(result!.RemoteOnHold);
        Assert.Equal(SdpDirection.RecvOnly, result.Direction);
        Assert.Equal(SdpCodec.Pcmu, result.Codec);
        Assert.Equal(101, result.TelephoneEventPayloadType);
    }

    private static Outcome ExpectedOutcome(string file, string expect)
    {
        if (_byOffer.TryGetValue(file, out var outcome))
        {
            return outcome;
        }

        var first = expect.Split('|')[0];
        return first switch
        {
            "2xx-sdp" => Outcome.Answer,
            "2xx-offer" => Outcome.NoOffer,
            "488" => Outcome.Reject,
            _ => throw new InvalidOperationException($"{file}: say in {nameof(_byOffer)} what its offer should get (manifest expects {expect})"),
        };
    }
}
