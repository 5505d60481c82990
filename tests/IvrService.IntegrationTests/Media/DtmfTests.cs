using IvrService.Storage;
using IvrService.Testing;

namespace IvrService.IntegrationTests.Media;

/// <summary>
/// Keys pressed by real peers reach the call record once each, in order, tagged with how they came:
/// RFC 4733 events (SIPp playing Debian's captures, baresip's sndcode), SIP INFO (SIPp), and tones in
/// the audio (baresip sending a WAV of DTMF tone pairs as PCMU).
/// </summary>
[Collection(MediaHostCollection.Name)]
public sealed class DtmfTests
{
    private readonly IvrHostFixture _host;

    public DtmfTests(IvrHostFixture host)
    {
        _host = host;
    }

    [Fact]
    public async Task Rfc4733Events_AreStoredOnceEachInOrder_WhenSippPlaysTheDtmfCaptures()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(MediaCalls.RunTimeout);
        var options = SippOptions.ForScenario(SippScenarios.UacRfc4733Digits).Calling("127.0.0.1", _host.SipPort);
        await using var sipp = SippProcess.Start(options);

        // Act
        var result = await sipp.WaitForExitAsync(timeout.Token);

        // Assert
        Assert.True(result.Succeeded, result.Describe());
        var callId = MediaCalls.CallIdOf(sipp);
        var digits = await MediaCalls.FinalDigitsAsync(_host, callId, timeout.Token);
        Assert.True(MediaCalls.Keys(digits) == "123#", "stored: " + MediaCalls.Describe(digits));
        Assert.All(digits, d => Assert.Equal(CallDigitMethod.Rfc4733, d.Method));

        // Each capture's end packets say 2240 timestamp units: 280 ms at 8 kHz. When SIPp's pcap player stalls
        // for longer than the lost-end timeout on a loaded machine, the key is reported with the duration seen
        // so far (still once); the others carry the full 280 ms.
        Assert.All(digits, d => Assert.InRange(d.Duration, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(280)));
        Assert.True(digits.Any(d => d.Duration == TimeSpan.FromMilliseconds(280)), "stored: " + MediaCalls.Describe(digits));
        var record = await _host.Records.GetByCallIdAsync(callId, timeout.Token);
        Assert.Equal(CallEndReason.CallerHangup, record!.EndReason);
    }

    [Fact]
    public async Task SipInfoKeys_AreStoredAsSipInfo_WhenSippSendsDtmfRelayAndDtmfBodies()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(MediaCalls.RunTimeout);
        var options = SippOptions.ForScenario(SippScenarios.UacInfoDigits).Calling("127.0.0.1", _host.SipPort)
            .WithKey("relay_signal", "7")
            .WithKey("dtmf_signal", "#");
        await using var sipp = SippProcess.Start(options);

        // Act
        var result = await sipp.WaitForExitAsync(timeout.Token);

        // Assert
        Assert.True(result.Succeeded, result.Describe());
        var digits = await MediaCalls.FinalDigitsAsync(_host, MediaCalls.CallIdOf(sipp), timeout.Token);
        Assert.True(MediaCalls.Keys(digits) == "7#", "stored: " + MediaCalls.Describe(digits));
        Assert.All(digits, d => Assert.Equal(CallDigitMethod.SipInfo, d.Method));
        Assert.Equal(TimeSpan.FromMilliseconds(160), digits[0].Duration);
    }

    [Fact]
    public async Task InBandTones_AreStoredAsInBand_WhenBaresipSendsThemAsPcmuAudio()
    {
        // Arrange: 1 s of silence, 5 9 * as 80 ms tone pairs 80 ms apart, then silence that outlasts
        // the call (baresip hangs up when its source file ends).
        using var timeout = new CancellationTokenSource(MediaCalls.RunTimeout);
        var source = Path.Combine(Path.GetTempPath(), $"ivr-dtmf-{Guid.NewGuid():N}.wav");
        TestWav.WriteDtmf(source, 8000, "59*", TimeSpan.FromMilliseconds(80), TimeSpan.FromMilliseconds(80), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        try
        {
            await using var baresip = await BaresipProcess.StartAsync(new BaresipOptions { AudioSourceWav = source }, timeout.Token);

            // Act
            await baresip.DialAsync($"sip:ivr@127.0.0.1:{_host.SipPort}", timeout.Token);
            var established = await baresip.WaitForEventAsync("CALL_ESTABLISHED", timeout.Token);
            var callId = established.CallId!;
            await MediaCalls.WaitForDigitsAsync(_host, callId, 3, timeout.Token);
            await baresip.HangupAsync(timeout.Token);
            await baresip.WaitForEventAsync("CALL_CLOSED", timeout.Token);

            // Assert
            var digits = await MediaCalls.FinalDigitsAsync(_host, callId, timeout.Token);
            Assert.True(MediaCalls.Keys(digits) == "59*", "stored: " + MediaCalls.Describe(digits));
            Assert.All(digits, d => Assert.Equal(CallDigitMethod.InBand, d.Method));

            // The detector measures in 13.25 ms blocks; an 80 ms tone spans five or six of them.
            Assert.All(digits, d => Assert.InRange(d.Duration, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(110)));
        }
        finally
        {
            File.Delete(source);
        }
    }

    [Fact]
    public async Task BaresipKeys_AreStoredOnceEachAsRfc4733_WhenBaresipSendsThemWithSndcode()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(MediaCalls.RunTimeout);
        await using var baresip = await BaresipProcess.StartAsync(new BaresipOptions(), timeout.Token);
        await baresip.DialAsync($"sip:ivr@127.0.0.1:{_host.SipPort}", timeout.Token);
        var established = await baresip.WaitForEventAsync("CALL_ESTABLISHED", timeout.Token);
        var callId = established.CallId!;
        await Task.Delay(TimeSpan.FromMilliseconds(500), timeout.Token);

        // Act
        await baresip.SendDtmfAsync("42", timeout.Token);
        await MediaCalls.WaitForDigitsAsync(_host, callId, 2, timeout.Token);
        await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
        await baresip.HangupAsync(timeout.Token);
        await baresip.WaitForEventAsync("CALL_CLOSED", timeout.Token);

        // Assert
        var digits = await MediaCalls.FinalDigitsAsync(_host, callId, timeout.Token);
        Assert.True(MediaCalls.Keys(digits) == "42", "stored: " + MediaCalls.Describe(digits));
        Assert.All(digits, d => Assert.Equal(CallDigitMethod.Rfc4733, d.Method));
    }
}
