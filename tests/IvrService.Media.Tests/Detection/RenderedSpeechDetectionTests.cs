using IvrService.Media.Detection;
using Xunit.Abstractions;

namespace IvrService.Media.Tests.Detection;

/// <summary>The detector on speech rendered by espeak-ng and brought to 8 kHz by the product's WAV reader and resampler.</summary>
public sealed class RenderedSpeechDetectionTests(ITestOutputHelper output)
{
    public const string EnglishVoicemail =
        "Hello, you have reached the voicemail of John Smith. I am not available right now. "
        + "Please leave your name and number after the tone and I will call you back.";

    public const string PersianVoicemail =
        "سلام، با پیغام‌گیر علی رضایی تماس گرفته‌اید. در حال حاضر امکان پاسخگویی ندارم. لطفاً پس از شنیدن صدای بوق پیغام خود را بگذارید.";

    [Theory]
    [InlineData("en-us", "Hello?", -20.0, 2.0)]
    [InlineData("en-us", "Hello?", -36.0, 2.0)]
    [InlineData("en-us", "Yes, hello?", -26.0, 2.5)]
    [InlineData("fa", "الو؟", -26.0, 2.0)]
    [InlineData("fa", "بله، بفرمایید؟", -26.0, 3.0)]
    public void Analyze_ReturnsHuman_WhenAShortGreetingIsSpokenThenSilence(string voice, string text, double dbfs, double withinSeconds)
    {
        // Arrange
        var audio = Call(RenderedSpeech.Speak(voice, text), dbfs);

        // Act
        var result = Analyze(voice, text, audio);

        // Assert: 0.8 s after the greeting ends (0.4 s lead + greeting + 0.8 s).
        Assert.Equal(AnsweringMachineVerdict.Human, result.Verdict);
        Assert.True(result.Elapsed <= TimeSpan.FromSeconds(withinSeconds), $"decided after {result.Elapsed}");
    }

    [Theory]
    [InlineData("en-us", EnglishVoicemail, -20.0)]
    [InlineData("en-us", EnglishVoicemail, -36.0)]
    [InlineData("fa", PersianVoicemail, -26.0)]
    public void Analyze_ReturnsMachine_WhenAVoicemailGreetingIsSpoken(string voice, string text, double dbfs)
    {
        // Arrange
        var audio = Call(RenderedSpeech.Speak(voice, text), dbfs);

        // Act
        var result = Analyze(voice, text, audio);

        // Assert: on the greeting's cadence, not a beep, and within 3.5 s.
        Assert.Equal(AnsweringMachineVerdict.Machine, result.Verdict);
        Assert.DoesNotContain("beep", result.Reason, StringComparison.Ordinal);
        Assert.True(result.Elapsed <= TimeSpan.FromSeconds(3.5), $"decided after {result.Elapsed}");
    }

    [Theory]
    [InlineData("en-us", EnglishVoicemail)]
    [InlineData("fa", PersianVoicemail)]
    [InlineData("en-us", "Welcome to the after sales service center. To report a fault press one. To follow up an open request press two.")]
    [InlineData("fa", "لطفاً شماره درخواست خود را وارد کنید و سپس کلید مربع را فشار دهید. از تماس شما سپاسگزاریم.")]
    public void Analyze_FindsNoBeep_WhenSpeechGoesOn(string voice, string text)
    {
        // Arrange: only a beep could end the analysis early.
        var options = new AnsweringMachineDetectionOptions
        {
            MaxGreeting = TimeSpan.FromSeconds(60),
            MaxWords = 1000,
            TotalAnalysisTime = TimeSpan.FromSeconds(60),
        };
        var audio = Call(RenderedSpeech.Speak(voice, text), -16);

        // Act
        var result = AnsweringMachineDetector.Analyze(audio, options);

        // Assert
        Assert.Equal(AnsweringMachineVerdict.Undecided, result.Verdict);
    }

    [Fact]
    public void Analyze_ReturnsMachine_WhenAShortRecordedGreetingEndsInABeep()
    {
        // Arrange: "Leave a message." then the tone; decided on the beep, before any pause-based verdict.
        var speech = new SyntheticCall(30).Silence(0.3).Append(Scale(RenderedSpeech.Speak("en-us", "Leave a message."), -26)).Silence(0.3)
            .Tone(1000, 0.5).Silence(3).ToPcm();

        // Act
        var result = Analyze("en-us", "Leave a message. <beep>", speech);

        // Assert
        Assert.Equal(AnsweringMachineVerdict.Machine, result.Verdict);
        Assert.Contains("beep", result.Reason, StringComparison.Ordinal);
    }

    private AnsweringMachineResult Analyze(string voice, string text, short[] audio)
    {
        var result = AnsweringMachineDetector.Analyze(audio);
        output.WriteLine($"[{voice}] \"{text}\" ({audio.Length / 8000.0:0.00} s): {result.Verdict} after {result.Elapsed.TotalSeconds:0.00} s: {result.Reason}");
        return result;
    }

    /// <summary>0.4 s after answer, the speech at an RMS level, then 4 s of a quiet line.</summary>
    private static short[] Call(short[] speech, double dbfs) =>
        new SyntheticCall(31).Silence(0.4).Append(Scale(speech, dbfs)).Silence(4).ToPcm();

    /// <summary>The speech scaled so its active part (frames within 30 dB of the loudest) has the given RMS level.</summary>
    private static short[] Scale(short[] speech, double dbfs)
    {
        var frames = speech.Length / 160;
        var levels = new double[frames];
        var loudest = 0.0;
        for (var f = 0; f < frames; f++)
        {
            var energy = 0.0;
            for (var n = f * 160; n < (f + 1) * 160; n++)
            {
                energy += (double)speech[n] * speech[n];
            }

            levels[f] = energy / 160;
            loudest = Math.Max(loudest, levels[f]);
        }

        var active = 0.0;
        var count = 0;
        foreach (var level in levels)
        {
            if (level >= loudest / 1000)
            {
                active += level;
                count++;
            }
        }

        Assert.True(count > 0, "espeak-ng rendered silence.");
        var gain = 32768 * Math.Pow(10, dbfs / 20) / Math.Sqrt(active / count);
        var scaled = new short[speech.Length];
        for (var n = 0; n < speech.Length; n++)
        {
            scaled[n] = (short)Math.Clamp(Math.Round(speech[n] * gain), short.MinValue, short.MaxValue);
        }

        return scaled;
    }
}
