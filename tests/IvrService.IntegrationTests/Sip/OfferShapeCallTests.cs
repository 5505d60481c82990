using IvrService.Sip;
using IvrService.Storage;

namespace IvrService.IntegrationTests.Sip;

/// <summary>
/// INVITE shapes from trunks and SBCs through the running product on UDP: extensions it must refuse (RFC 3261
/// §8.2.2.3, RFC 3262), an INVITE without an offer answered in the ACK (RFC 3261 §13.2.1, RFC 3264), the offer
/// inside a SIP-I multipart body or an ISUP-only INVITE, and offers it cannot take (488 with a Warning, RFC 3261 §20.43).
/// </summary>
public sealed class OfferShapeCallTests : IClassFixture<IvrHostFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly IvrHostFixture _host;

    public OfferShapeCallTests(IvrHostFixture host)
    {
        _host = host;
    }

    [Theory]
    [InlineData("Supported: timer\r\nRequire: 100rel\r\n", "100rel")]
    [InlineData("Require: x-vendor-ext\r\n", "x-vendor-ext")]
    [InlineData("Require: timer, 100rel\r\nSession-Expires: 1800;refresher=uac\r\n", "timer, 100rel")]
    public async Task Invite_Gets420WithUnsupported_WhenRequireNamesAnExtensionWeLack(string headers, string unsupported)
    {
        // Arrange
        using var caller = new RawSipPhone(_host);

        // Act
        await caller.SendInviteAsync("application/sdp", caller.MediaSdp("RTP/AVP", "0"), headers);
        var response = await caller.ExpectAsync<SipResponse>(r => r.StatusCode >= 200, Wait);

        // Assert
        Assert.Equal(420, response.StatusCode);
        Assert.Equal(unsupported, response.Headers[SipHeaderNames.Unsupported]);
    }

    [Fact]
    public async Task Invite_IsAnsweredAndCallRuns_WhenSessionTimerIsOnlySupported()
    {
        // Arrange
        using var caller = new RawSipPhone(_host);

        // Act
        await caller.SendInviteAsync("application/sdp", caller.MediaSdp("RTP/AVP", "0"), "Supported: timer, 100rel, replaces\r\nSession-Expires: 1800\r\nMin-SE: 90\r\n");
        var ok = await caller.ExpectAsync<SipResponse>(r => r.StatusCode >= 200, Wait);
        await caller.SendAckAsync(ok);
        var payloadType = await caller.ReceiveRtpPayloadTypeAsync(Wait);
        await HangUpAsync(caller, ok);

        // Assert
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal(0, payloadType);
    }

    [Theory]
    [InlineData("")]
    [InlineData("application/sdp")]
    public async Task DelayedOffer_CarriesMediaWithCodecFromTheAck_WhenInviteHasNoBody(string contentType)
    {
        // Arrange: some gear sends Content-Type: application/sdp with Content-Length: 0.
        using var caller = new RawSipPhone(_host);
        await caller.SendInviteAsync(contentType, "");
        var ok = await caller.ExpectAsync<SipResponse>(r => r.StatusCode >= 200, Wait);

        // Act: answer the product's offer with PCMA only.
        await caller.SendAckAsync(ok, "application/sdp", caller.MediaSdp("RTP/AVP", "8 101", "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15"));
        var payloadType = await caller.ReceiveRtpPayloadTypeAsync(Wait);
        var record = await HangUpAsync(caller, ok);

        // Assert
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal("application/sdp", ok.ContentType);
        Assert.Matches(@"m=audio [1-9][0-9]* RTP/AVP 0 8 101", ok.BodyText);
        Assert.Equal(8, payloadType);
        Assert.Equal(CallEndReason.CallerHangup, record.EndReason);
    }

    [Fact]
    public async Task DelayedOffer_EndsCall_WhenAckCarriesNoUsableAnswer()
    {
        // Arrange
        using var caller = new RawSipPhone(_host);
        await caller.SendInviteAsync("", "");
        var ok = await caller.ExpectAsync<SipResponse>(r => r.StatusCode >= 200, Wait);

        // Act: an "answer" with only G.729, which the product did not offer.
        await caller.SendAckAsync(ok, "application/sdp", caller.MediaSdp("RTP/AVP", "18", "a=rtpmap:18 G729/8000"));
        var bye = await caller.ExpectAsync<SipRequest>(r => r.Method == SipMethods.Bye, Wait);
        await caller.RespondAsync(bye, 200);
        var record = await _host.WaitForEndedCallAsync(caller.CallId, Wait);

        // Assert
        Assert.Equal(ok.To!.Tag, bye.From!.Tag);
        Assert.Equal(CallEndReason.Rejected, record.EndReason);
    }

    [Fact]
    public async Task MultipartInvite_IsAnsweredFromItsSdpPart_WhenTrunkAddsIsup()
    {
        // Arrange: SIP-I puts the ISUP IAM beside the offer.
        using var caller = new RawSipPhone(_host);
        var body =
            "--boundary1\r\n" +
            "Content-Type: application/sdp\r\n\r\n" +
            caller.MediaSdp("RTP/AVP", "8 0 101", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15", "a=ptime:20") +
            "--boundary1\r\n" +
            "Content-Type: application/ISUP; version=itu-t92+\r\n" +
            "Content-Disposition: signal; handling=optional\r\n\r\n" +
            "\u0001\u0010\u0060\u0000\u000a\u0003\u0002\r\n" +
            "--boundary1--\r\n";

        // Act
        await caller.SendInviteAsync("multipart/mixed; boundary=boundary1", body, "MIME-Version: 1.0\r\n");
        var ok = await caller.ExpectAsync<SipResponse>(r => r.StatusCode >= 200, Wait);
        await caller.SendAckAsync(ok);
        var payloadType = await caller.ReceiveRtpPayloadTypeAsync(Wait);
        await HangUpAsync(caller, ok);

        // Assert
        Assert.Equal(200, ok.StatusCode);
        Assert.Matches(@"m=audio [1-9][0-9]* RTP/AVP 8 101\r\n", ok.BodyText);
        Assert.Equal(8, payloadType);
    }

    [Fact]
    public async Task IsupOnlyInvite_GetsOurOfferAndCarriesMedia_WhenIsupIsMarkedOptional()
    {
        // Arrange: a SIP-I delayed offer: the ISUP IAM alone, which the trunk lets us ignore.
        using var caller = new RawSipPhone(_host);
        await caller.SendInviteAsync("application/ISUP;version=itu-t92+", "\u0001\u0010\u0060\u0000\u000a\u0003\u0002", "Content-Disposition: signal;handling=optional\r\n");
        var ok = await caller.ExpectAsync<SipResponse>(r => r.StatusCode >= 200, Wait);

        // Act
        await caller.SendAckAsync(ok, "application/sdp", caller.MediaSdp("RTP/AVP", "0", "a=rtpmap:0 PCMU/8000"));
        var payloadType = await caller.ReceiveRtpPayloadTypeAsync(Wait);
        var record = await HangUpAsync(caller, ok);

        // Assert
        Assert.Equal(200, ok.StatusCode);
        Assert.Matches(@"m=audio [1-9][0-9]* RTP/AVP 0 8 101", ok.BodyText);
        Assert.Equal(0, payloadType);
        Assert.Equal(CallEndReason.CallerHangup, record.EndReason);
    }

    [Fact]
    public async Task IsupOnlyInvite_Gets415_WhenIsupHandlingIsRequired()
    {
        // Arrange
        using var caller = new RawSipPhone(_host);

        // Act
        await caller.SendInviteAsync("application/isup", "\u0001\u0010\u0060\u0000");
        var response = await caller.ExpectAsync<SipResponse>(r => r.StatusCode >= 200, Wait);

        // Assert
        Assert.Equal(415, response.StatusCode);
        Assert.Equal("application/sdp", response.Headers[SipHeaderNames.Accept]);
    }

    [Theory]
    [InlineData("RTP/AVP", "18", "a=rtpmap:18 G729/8000|a=fmtp:18 annexb=no", "305", "G729/8000")]
    [InlineData("RTP/SAVP", "0 8", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", "302", "RTP/SAVP")]
    public async Task Invite_Gets488WithWarning_WhenOfferHasNothingWeCarry(string protocol, string formats, string attributes, string warnCode, string named)
    {
        // Arrange
        using var caller = new RawSipPhone(_host);

        // Act
        await caller.SendInviteAsync("application/sdp", caller.MediaSdp(protocol, formats, attributes.Split('|')));
        var response = await caller.ExpectAsync<SipResponse>(r => r.StatusCode >= 200, Wait);

        // Assert
        Assert.Equal(488, response.StatusCode);
        var warning = response.Headers[SipHeaderNames.Warning];
        Assert.NotNull(warning);
        Assert.StartsWith(warnCode + " IvrService \"", warning, StringComparison.Ordinal);
        Assert.Contains(named, warning, StringComparison.Ordinal);
    }

    private async Task<CallRecord> HangUpAsync(RawSipPhone caller, SipResponse ok)
    {
        await caller.SendInDialogAsync(ok, SipMethods.Bye);
        await caller.ExpectAsync<SipResponse>(r => r.CSeq?.Method == SipMethods.Bye, Wait);
        return await _host.WaitForEndedCallAsync(caller.CallId, Wait);
    }
}
