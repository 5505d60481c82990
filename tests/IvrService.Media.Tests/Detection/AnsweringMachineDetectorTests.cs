using IvrService.Media.Detection;
using Xunit.Abstractions;

namespace IvrService.Media.Tests.Detection;

/// <summary>The detector's verdicts on synthetic calls: speech-like bursts, silence over a quiet line, beeps.</summary>
public sealed class AnsweringMachineDetectorTests(ITestOutputHelper output)
{
    [Fact]
    public void Analyze_ReturnsHuman_WhenHelloIsFollowedBySilence()
    {
        // Arrange: answer, 0.4 s, "Hello?" (0.6 s), then the person waits.
        var audio = new SyntheticCall().Silence(0.4).Speech(0.6).Silence(4).ToPcm();

        // Act
        var result = Analyze(audio);

        // Assert: decided once 0.8 s of silence follow the greeting, within 2 s of answer.
        Assert.Equal(AnsweringMachineVerdict.Human, result.Verdict);
        Assert.InRange(result.Elapsed.TotalSeconds, 1.7, 2.0);
    }

    [Fact]
    public void Analyze_ReturnsHuman_WhenTwoShortWordsAreFollowedBySilence()
    {
        // Arrange: "Yes, hello?" as two words with a short gap.
        var audio = new SyntheticCall(2).Silence(0.3).Words(2, 0.35, 0.2).Silence(4).ToPcm();

        // Act
        var result = Analyze(audio);

        // Assert
        Assert.Equal(AnsweringMachineVerdict.Human, result.Verdict);
        Assert.Contains("(2 words)", result.Reason, StringComparison.Ordinal);
        Assert.True(result.Elapsed <= TimeSpan.FromSeconds(2), $"decided after {result.Elapsed}");
    }

    [Fact]
    public void Analyze_ReturnsMachine_WhenGreetingIsFourSecondsOfContinuousSpeech()
    {
        // Arrange: "Hello, this is …" for 4 s without a pause.
        var audio = new SyntheticCall(3).Silence(0.3).Speech(4).Silence(2).ToPcm();

        // Act
        var result = Analyze(audio);

        // Assert: decided as the greeting passes 2.5 s, not at its end.
        Assert.Equal(AnsweringMachineVerdict.Machine, result.Verdict);
        Assert.Contains("greeting still going", result.Reason, StringComparison.Ordinal);
        Assert.InRange(result.Elapsed.TotalSeconds, 2.7, 3.0);
    }

    [Fact]
    public void Analyze_ReturnsMachine_WhenManyWordsComeWithShortGaps()
    {
        // Arrange: eight 250 ms words with 150 ms gaps; the greeting reaches five words before 2.5 s.
        var audio = new SyntheticCall(4).Silence(0.3).Words(8, 0.25, 0.15).Silence(2).ToPcm();

        // Act
        var result = Analyze(audio);

        // Assert
        Assert.Equal(AnsweringMachineVerdict.Machine, result.Verdict);
        Assert.StartsWith("5 words without a pause", result.Reason, StringComparison.Ordinal);
        Assert.InRange(result.Elapsed.TotalSeconds, 1.9, 2.3);
    }

    [Fact]
    public void Analyze_ReturnsHuman_WhenHelloStartsAtTheFirstFrame()
    {
        // Arrange: no quiet lead for the noise floor to learn from.
        var audio = new SyntheticCall(21).Speech(0.6).Silence(4).ToPcm();

        // Act
        var result = Analyze(audio);

        // Assert: until the line goes quiet the floor is the speech's own quietest part, which trims the greeting's
        // ends, so the pause is counted a little early; still a person, well within 2 s.
        Assert.Equal(AnsweringMachineVerdict.Human, result.Verdict);
        Assert.InRange(result.Elapsed.TotalSeconds, 1.0, 1.6);
    }

    [Fact]
    public void Analyze_ReturnsMachine_WhenGreetingStartsAtTheFirstFrame()
    {
        // Arrange
        var audio = new SyntheticCall(22).Speech(4).Silence(2).ToPcm();

        // Act
        var result = Analyze(audio);

        // Assert
        Assert.Equal(AnsweringMachineVerdict.Machine, result.Verdict);
        Assert.InRange(result.Elapsed.TotalSeconds, 2.4, 2.8);
    }

    [Fact]
    public void Analyze_ReturnsSilence_WhenNobodySpeaks()
    {
        // Arrange
        var audio = new SyntheticCall(5).Silence(6).ToPcm();

        // Act
        var result = Analyze(audio);

        // Assert: at the initial-silence limit, 3.5 s.
        Assert.Equal(AnsweringMachineVerdict.Silence, result.Verdict);
        Assert.Equal(TimeSpan.FromSeconds(3.5), result.Elapsed);
    }

    [Fact]
    public void Analyze_ReturnsSilence_WhenTheLineIsDigitallySilent()
    {
        // Arrange: all zeros (µ-law 0xFF decoded), no background at all.
        var audio = new short[8000 * 5];

        // Act
        var result = Analyze(audio);

        // Assert
        Assert.Equal(AnsweringMachineVerdict.Silence, result.Verdict);
        Assert.Equal(TimeSpan.FromSeconds(3.5), result.Elapsed);
    }

    [Theory]
    [InlineData(1000.0, 0.1, 1.005)]
    [InlineData(1000.0, 0.4, 1.013)]
    [InlineData(440.0, 0.25, 0.5)]
    [InlineData(1400.0, 0.1, 2.017)]
    [InlineData(1988.0, 0.15, 1.5)]
    public void Analyze_ReturnsMachine_WhenABeepSounds(double frequency, double seconds, double at)
    {
        // Arrange: silence, then the recording beep, off the 20 ms frame grid.
        var audio = new SyntheticCall(6).Silence(at).Tone(frequency, seconds).Silence(3).ToPcm();

        // Act
        var result = Analyze(audio);

        // Assert: found before the beep is over (plus the frame it ends in).
        Assert.Equal(AnsweringMachineVerdict.Machine, result.Verdict);
        Assert.Contains("beep", result.Reason, StringComparison.Ordinal);
        Assert.InRange(result.Elapsed.TotalSeconds, at, at + seconds + 0.02);
    }

    [Fact]
    public void Analyze_ReturnsMachine_WhenABeepFollowsAShortGreeting()
    {
        // Arrange: a terse greeting ("Leave a message"), then the beep before 0.8 s of silence passes.
        var audio = new SyntheticCall(7).Silence(0.3).Speech(1.0).Silence(0.4).Tone(1000, 0.3).Silence(3).ToPcm();

        // Act
        var result = Analyze(audio);

        // Assert
        Assert.Equal(AnsweringMachineVerdict.Machine, result.Verdict);
        Assert.Contains("1000 Hz", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_IgnoresTheTone_WhenShorterThanTheShortestBeep()
    {
        // Arrange: a 60 ms click of tone is neither a beep nor a word.
        var audio = new SyntheticCall(8).Silence(1).Tone(1000, 0.06).Silence(4).ToPcm();

        // Act
        var result = Analyze(audio);

        // Assert
        Assert.Equal(AnsweringMachineVerdict.Silence, result.Verdict);
    }

    [Theory]
    [InlineData(-50.0, -36.0)]
    [InlineData(-45.0, -32.0)]
    [InlineData(-40.0, -26.0)]
    public void Analyze_ReturnsHuman_WhenQuietHelloIsOverBackgroundNoise(double noiseDbfs, double speechDbfs)
    {
        // Arrange: speech 13-14 dB over a noisy line.
        var audio = new SyntheticCall(9).Silence(0.5).Speech(0.7, speechDbfs).Silence(4).ToPcm(noiseDbfs);

        // Act
        var result = Analyze(audio);

        // Assert
        Assert.Equal(AnsweringMachineVerdict.Human, result.Verdict);
        Assert.InRange(result.Elapsed.TotalSeconds, 1.9, 2.2);
    }

    [Theory]
    [InlineData(-50.0, -36.0)]
    [InlineData(-40.0, -26.0)]
    public void Analyze_ReturnsMachine_WhenLongGreetingIsOverBackgroundNoise(double noiseDbfs, double speechDbfs)
    {
        // Arrange
        var audio = new SyntheticCall(10).Silence(0.5).Speech(4, speechDbfs).Silence(2).ToPcm(noiseDbfs);

        // Act
        var result = Analyze(audio);

        // Assert
        Assert.Equal(AnsweringMachineVerdict.Machine, result.Verdict);
        Assert.InRange(result.Elapsed.TotalSeconds, 2.9, 3.3);
    }

    [Theory]
    [InlineData(-45.0)]
    [InlineData(-30.0)]
    public void Analyze_ReturnsSilence_WhenTheLineCarriesOnlyNoise(double noiseDbfs)
    {
        // Arrange: a steady hiss from the first frame; the floor must settle on it, not take it for speech.
        var audio = new SyntheticCall(11).Silence(6).ToPcm(noiseDbfs);

        // Act
        var result = Analyze(audio);

        // Assert
        Assert.Equal(AnsweringMachineVerdict.Silence, result.Verdict);
    }

    [Fact]
    public void Analyze_ReturnsHuman_WhenAMiddleLengthGreetingIsFollowedBySilenceToTheLimit()
    {
        // Arrange: 2 s of speech (between the human and machine lengths), then nothing, no beep.
        var audio = new SyntheticCall(12).Silence(0.3).Speech(2).Silence(5).ToPcm();

        // Act
        var result = Analyze(audio);

        // Assert: the detector keeps listening and leans human at the 5 s limit.
        Assert.Equal(AnsweringMachineVerdict.Human, result.Verdict);
        Assert.Equal(TimeSpan.FromSeconds(5), result.Elapsed);
        Assert.StartsWith("analysis limit", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_ReturnsMachine_WhenAMiddleLengthGreetingPausesAndGoesOn()
    {
        // Arrange: 2 s of speech, a 1 s pause, then more talking (a recorded greeting with a pause mid-sentence).
        var audio = new SyntheticCall(13).Silence(0.3).Speech(2).Silence(1).Speech(2).Silence(2).ToPcm();

        // Act
        var result = Analyze(audio);

        // Assert: at the limit, the speech of both greetings adds up to a machine's.
        Assert.Equal(AnsweringMachineVerdict.Machine, result.Verdict);
        Assert.Equal(TimeSpan.FromSeconds(5), result.Elapsed);
        Assert.Contains("greetings split by pauses", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_ReturnsUndecided_WhenTheAudioEndsFirst()
    {
        // Arrange
        var audio = new SyntheticCall(14).Silence(0.3).Speech(0.5).ToPcm();

        // Act
        var result = Analyze(audio);

        // Assert
        Assert.Equal(AnsweringMachineVerdict.Undecided, result.Verdict);
        Assert.Null(result.Reason);
        Assert.Equal(TimeSpan.FromSeconds(0.8), result.Elapsed);
    }

    [Fact]
    public void Finish_DecidesOnWhatIsKnown_WhenCalledEarly()
    {
        // Arrange
        var quiet = new AnsweringMachineDetector();
        var spoken = new AnsweringMachineDetector();
        quiet.Process(new SyntheticCall(15).Silence(1).ToPcm());
        spoken.Process(new SyntheticCall(16).Silence(0.3).Speech(0.5).Silence(0.3).ToPcm());

        // Act
        quiet.Finish();
        spoken.Finish();

        // Assert
        Assert.Equal(AnsweringMachineVerdict.Silence, quiet.Verdict);
        Assert.Equal(AnsweringMachineVerdict.Human, spoken.Verdict);
        Assert.StartsWith("stopped after 1.10 s", spoken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_DecidesAlike_WhenFedInOddSizedPieces()
    {
        // Arrange
        var audio = new SyntheticCall(17).Silence(0.4).Speech(0.6).Silence(3).ToPcm();
        var detector = new AnsweringMachineDetector();

        // Act
        for (var at = 0; at < audio.Length; at += 37)
        {
            detector.Process(audio.AsSpan(at, Math.Min(37, audio.Length - at)));
        }

        // Assert
        Assert.Equal(Analyze(audio), detector.Result);
        Assert.Equal(AnsweringMachineVerdict.Human, detector.Verdict);
    }

    [Fact]
    public void Process_IgnoresAudio_WhenAlreadyDecided()
    {
        // Arrange
        var detector = new AnsweringMachineDetector();
        detector.Process(new SyntheticCall(18).Silence(4).ToPcm());
        var decided = detector.Result;

        // Act
        detector.Process(new SyntheticCall(19).Speech(4).ToPcm());

        // Assert
        Assert.Equal(decided, detector.Result);
        Assert.Equal(AnsweringMachineVerdict.Silence, detector.Verdict);
    }

    [Fact]
    public void Process_AllocatesNothing_WhenFedFrames()
    {
        // Arrange: options that never decide, so every frame is analysed.
        var options = new AnsweringMachineDetectionOptions
        {
            InitialSilence = TimeSpan.FromSeconds(60),
            TotalAnalysisTime = TimeSpan.FromSeconds(60),
            MaxGreeting = TimeSpan.FromSeconds(60),
            MaxWords = 1000,
        };
        var audio = new SyntheticCall(20).Silence(0.3).Words(6, 0.3, 0.2).ToPcm();
        var detector = new AnsweringMachineDetector(options);
        detector.Process(audio.AsSpan(0, 1600));

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var at = 1600; at + 160 <= audio.Length; at += 160)
        {
            detector.Process(audio.AsSpan(at, 160));
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.Equal(0, allocated);
        Assert.Equal(6, detector.Words);
        Assert.False(detector.IsDecided);
    }

    [Fact]
    public void Constructor_NamesEachBadOption_WhenOptionsAreInconsistent()
    {
        // Arrange
        var options = new AnsweringMachineDetectionOptions
        {
            MaxGreeting = TimeSpan.FromSeconds(1),
            MaxWords = 0,
            SpeechHoldMarginDb = 12,
            MinBeepFrequency = 50,
            TotalAnalysisTime = TimeSpan.Zero,
        };

        // Act
        var error = Assert.Throws<ArgumentException>(() => new AnsweringMachineDetector(options));

        // Assert
        Assert.Contains("MaxGreeting (1 s) must be longer than MaxHumanGreeting (1.5 s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxWords (0)", error.Message, StringComparison.Ordinal);
        Assert.Contains("SpeechHoldMarginDb (12 dB)", error.Message, StringComparison.Ordinal);
        Assert.Contains("MinBeepFrequency (50 Hz)", error.Message, StringComparison.Ordinal);
        Assert.Contains("TotalAnalysisTime (0 s)", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, options.Validate().Count);
    }

    [Fact]
    public void Validate_ReturnsNothing_WhenOptionsAreTheDefaults()
    {
        // Act
        var problems = AnsweringMachineDetectionOptions.Default.Validate();

        // Assert
        Assert.Empty(problems);
    }

    private AnsweringMachineResult Analyze(short[] audio)
    {
        var result = AnsweringMachineDetector.Analyze(audio);
        output.WriteLine($"{result.Verdict} after {result.Elapsed.TotalSeconds:0.00} s: {result.Reason}");
        return result;
    }
}
