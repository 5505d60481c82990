namespace IvrService.Media.Tests.Dtmf;

/// <summary>No digits out of speech or noise (talk-off).</summary>
public sealed class TalkOffTests
{
    [Theory]
    [InlineData(-10.0)]
    [InlineData(-20.0)]
    public void Detect_ReportsNothing_WhenAudioIsWhiteNoise(double dbm0)
    {
        // Arrange
        var audio = new double[8000 * 5];
        ToneGenerator.AddNoise(audio, dbm0, new Random(1));

        // Act
        var found = InBandHarness.Detect(audio);

        // Assert
        Assert.Empty(found);
    }

    [Fact]
    public void Detect_ReportsNothing_WhenAudioIsVoiceBandNoise()
    {
        // Arrange: white noise through a 300-3400 Hz band-pass (two one-pole sections each way).
        var noise = new double[8000 * 10];
        ToneGenerator.AddNoise(noise, -5, new Random(2));
        var audio = BandPass(noise, 300, 3400);

        // Act
        var found = InBandHarness.Detect(audio);

        // Assert
        Assert.Empty(found);
    }

    [Theory]
    [InlineData("en", "Welcome to the after sales service center. To report a fault press one. To follow up an open request press two. For complaints and suggestions press three. Please hold while we connect you to an operator.", 50)]
    [InlineData("en", "Your service request number is four five six seven. The technician will visit you tomorrow between nine and twelve in the morning.", 80)]
    [InlineData("en", "Thank you for calling. How would you rate the technician, from one to five? Would you recommend us to a friend?", 20)]
    [InlineData("fa", "سلام، به مرکز خدمات پس از فروش خوش آمدید. برای ثبت خرابی و درخواست سرویس عدد یک را فشار دهید. برای پیگیری درخواست عدد دو را فشار دهید.", 50)]
    [InlineData("fa", "لطفاً شماره درخواست خود را وارد کنید و سپس کلید مربع را فشار دهید. از تماس شما سپاسگزاریم.", 85)]
    public void Detect_ReportsNothing_WhenAudioIsSpeech(string voice, string text, int pitch)
    {
        // Arrange: loud speech (peaks near full scale) so every check is exercised, not the level gate.
        var speech = TestSpeech.Speak(voice, text, pitch);
        Assert.True(speech.Length > 8000 * 3, $"espeak-ng rendered only {speech.Length} samples.");
        var gain = 30000.0 / Math.Max(1, speech.Max(s => Math.Abs((int)s)));
        var audio = speech.Select(s => s * gain).ToArray();

        // Act
        var found = InBandHarness.Detect(audio);

        // Assert
        Assert.True(found.Count == 0, $"talk-off: [{string.Join(",", found.Select(f => f.Digit))}]");
    }

    [Fact]
    public void Detect_FindsTheKey_WhenPressedDuringSpeech()
    {
        // Arrange: a press at -5 dBm0 per tone over speech at a conversational level.
        var speech = TestSpeech.Speak("en", "Please enter your request number now.");
        var audio = speech.Select(s => (double)s).ToArray();
        var at = audio.Length / 2;
        ToneGenerator.AddTones(audio.AsSpan(at, 640), [(852, -5), (1477, -5)]);

        // Act
        var found = InBandHarness.Detect(audio);

        // Assert
        Assert.Contains(found, f => f.Digit == '9');
    }

    private static double[] BandPass(double[] input, double low, double high)
    {
        var output = new double[input.Length];
        var highPass = Math.Exp(-2 * Math.PI * low / ToneGenerator.SampleRate);
        var lowPass = Math.Exp(-2 * Math.PI * high / ToneGenerator.SampleRate);
        double hp1 = 0, hp2 = 0, lp1 = 0, lp2 = 0, previous = 0, previousHp1 = 0;
        for (var n = 0; n < input.Length; n++)
        {
            hp1 = highPass * (hp1 + input[n] - previous);
            previous = input[n];
            hp2 = highPass * (hp2 + hp1 - previousHp1);
            previousHp1 = hp1;
            lp1 = ((1 - lowPass) * hp2) + (lowPass * lp1);
            lp2 = ((1 - lowPass) * lp1) + (lowPass * lp2);
            output[n] = lp2;
        }

        return output;
    }
}
