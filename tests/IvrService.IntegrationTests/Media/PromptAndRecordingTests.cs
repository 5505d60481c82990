using IvrService.Testing;
using Xunit.Abstractions;

namespace IvrService.IntegrationTests.Media;

/// <summary>
/// What a real phone hears is the welcome prompt, and the call's recording holds both sides: the caller
/// on the left, the IVR (the prompt) on the right, as long as the call.
/// </summary>
[Collection(MediaHostCollection.Name)]
public sealed class PromptAndRecordingTests
{
    /// <summary>
    /// Least correlation of 20 ms loudness envelopes with the prompt. Measured here: 1.000 for both
    /// baresip's capture and the recording's right channel (the product sends the prompt in whole 20 ms
    /// frames, so the envelopes line up, and G.711 hardly changes loudness); other speech of the same
    /// length scores far lower (the English welcome 0.36, the Persian one reversed 0.41), a steady tone 0.
    /// </summary>
    private const double MinimumCorrelation = 0.7;

    /// <summary>Silence between two plays of the welcome prompt (InboundCallHandler).</summary>
    private static readonly TimeSpan PromptPause = TimeSpan.FromSeconds(1);

    private readonly IvrHostFixture _host;
    private readonly ITestOutputHelper _output;

    public PromptAndRecordingTests(IvrHostFixture host, ITestOutputHelper output)
    {
        _host = host;
        _output = output;
    }

    private static string WelcomePrompt => Path.Combine(AppContext.BaseDirectory, "prompts", "fa", "welcome.wav");

    [Fact]
    public async Task Baresip_HearsTheWelcomePrompt_WhenItCallsAndListens()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(MediaCalls.RunTimeout);
        await using var baresip = await BaresipProcess.StartAsync(new BaresipOptions(), timeout.Token);

        // Act
        await baresip.DialAsync($"sip:ivr@127.0.0.1:{_host.SipPort}", timeout.Token);
        await baresip.WaitForEventAsync("CALL_ESTABLISHED", timeout.Token);
        await Task.Delay(TimeSpan.FromSeconds(4), timeout.Token);
        await baresip.HangupAsync(timeout.Token);
        await baresip.WaitForEventAsync("CALL_CLOSED", timeout.Token);
        await baresip.QuitAsync(timeout.Token);

        // Assert
        var heardPath = baresip.ReceivedAudioPath;
        Assert.NotNull(heardPath);
        var heard = TestWav.ReadSamples(heardPath, out var heardRate);
        Assert.True(heard.Length >= heardRate * 2, $"baresip's capture holds {heard.Length} samples at {heardRate} Hz");
        Assert.True(TestWav.Rms(heard) > 0.01, $"baresip heard near silence (RMS {TestWav.Rms(heard):0.0000})");
        var (correlation, lag) = CorrelateWithPrompt(heard, heardRate);
        _output.WriteLine($"heard {heard.Length} samples at {heardRate} Hz, RMS {TestWav.Rms(heard):0.0000}, correlation {correlation:0.000} at lag {lag} frames");
        Assert.True(correlation > MinimumCorrelation, $"heard audio correlates {correlation:0.000} (best lag {lag} frames) with the welcome prompt");
    }

    [Fact]
    public async Task Recording_IsStereoWithThePromptOnTheRightAndTheCallerOnTheLeft_WhenACallEnds()
    {
        // Arrange: baresip sends its default 440 Hz tone, so the caller's side is not silent.
        using var timeout = new CancellationTokenSource(MediaCalls.RunTimeout);
        await using var baresip = await BaresipProcess.StartAsync(new BaresipOptions(), timeout.Token);

        // Act
        await baresip.DialAsync($"sip:ivr@127.0.0.1:{_host.SipPort}", timeout.Token);
        var established = await baresip.WaitForEventAsync("CALL_ESTABLISHED", timeout.Token);
        await Task.Delay(TimeSpan.FromSeconds(4), timeout.Token);
        await baresip.HangupAsync(timeout.Token);
        await baresip.WaitForEventAsync("CALL_CLOSED", timeout.Token);
        var record = await MediaCalls.WaitForMediaClosedAsync(_host, established.CallId!, timeout.Token);

        // Assert
        Assert.NotNull(record.RecordingPath);
        Assert.True(File.Exists(record.RecordingPath), record.RecordingPath);
        var right = TestWav.ReadSamples(record.RecordingPath, 1, out var rate, out var channels);
        var left = TestWav.ReadSamples(record.RecordingPath, 0, out _, out _);
        Assert.Equal(2, channels);
        Assert.Equal(8000, rate);
        Assert.Equal(16, TestWav.ReadBitsPerSample(record.RecordingPath));

        var recorded = TimeSpan.FromSeconds((double)right.Length / rate);
        var call = record.EndedAt!.Value - record.AnsweredAt!.Value;
        Assert.True((recorded - call).Duration() <= TimeSpan.FromSeconds(1), $"recording lasts {recorded}, the call {call}");

        var (correlation, lag) = CorrelateWithPrompt(right, rate);
        _output.WriteLine($"recorded {recorded} of a {call} call; right channel correlation {correlation:0.000} at lag {lag} frames; left RMS {TestWav.Rms(left):0.0000}, right RMS {TestWav.Rms(right):0.0000}");
        Assert.True(correlation > MinimumCorrelation, $"right channel correlates {correlation:0.000} (best lag {lag} frames) with the welcome prompt");
        Assert.True(TestWav.Rms(left) > 0.05, $"left channel (caller's 440 Hz tone) RMS {TestWav.Rms(left):0.0000}");
    }

    private static (double Correlation, int LagFrames) CorrelateWithPrompt(short[] heard, int heardRate)
    {
        var prompt = TestWav.ReadSamples(WelcomePrompt, out var promptRate);
        return AudioEnvelope.BestLoopCorrelation(AudioEnvelope.Of(heard, heardRate), AudioEnvelope.Of(prompt, promptRate), PromptPause);
    }
}
