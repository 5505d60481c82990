using System.Globalization;

namespace IvrService.Media.Detection;

/// <summary>
/// Thresholds of the <see cref="AnsweringMachineDetector"/>. Durations are rounded up to whole 20 ms frames;
/// levels are RMS over a 20 ms frame in dB relative to full scale (a full-scale sine is -3 dBFS; 0 dBm0 in
/// G.711 linear PCM is about -6 dBFS).
/// <para>
/// The defaults suit a person who answers with "Hello?" (or «الو؟», «بله؟») and waits, against voicemail greetings
/// that talk for several seconds. They lean towards <see cref="AnsweringMachineVerdict.Human"/> when in doubt: a
/// "press 1 to start" gate catches the machines that slip through, while a person taken for a machine loses the call.
/// </para>
/// </summary>
public sealed record AnsweringMachineDetectionOptions
{
    /// <summary>The defaults.</summary>
    public static AnsweringMachineDetectionOptions Default { get; } = new();

    /// <summary>No speech for this long after answer gives <see cref="AnsweringMachineVerdict.Silence"/>. Default 3.5 s.</summary>
    public TimeSpan InitialSilence { get; init; } = TimeSpan.FromSeconds(3.5);

    /// <summary>
    /// The longest greeting a person gives before pausing for an answer. A greeting at most this long followed by
    /// <see cref="AfterGreetingSilence"/> gives <see cref="AnsweringMachineVerdict.Human"/>; a longer one followed by a
    /// pause is not decided yet (the detector keeps listening up to <see cref="TotalAnalysisTime"/>). Default 1.5 s.
    /// </summary>
    public TimeSpan MaxHumanGreeting { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>The pause after a greeting that ends it: a person waiting for us to speak. Default 0.8 s.</summary>
    public TimeSpan AfterGreetingSilence { get; init; } = TimeSpan.FromSeconds(0.8);

    /// <summary>A greeting that goes on this long without a pause gives <see cref="AnsweringMachineVerdict.Machine"/>. Default 2.5 s.</summary>
    public TimeSpan MaxGreeting { get; init; } = TimeSpan.FromSeconds(2.5);

    /// <summary>This many words heard before any pause of <see cref="AfterGreetingSilence"/> gives <see cref="AnsweringMachineVerdict.Machine"/>. Default 5.</summary>
    public int MaxWords { get; init; } = 5;

    /// <summary>The shortest burst of speech counted as a word; shorter bursts (clicks, pops) are ignored. Default 100 ms.</summary>
    public TimeSpan MinWordLength { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The gap in speech that separates two words. Default 100 ms.</summary>
    public TimeSpan BetweenWordsSilence { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The most audio analysed; then the detector decides on what it knows: <see cref="AnsweringMachineVerdict.Silence"/>
    /// without speech, <see cref="AnsweringMachineVerdict.Human"/> otherwise (no machine pattern was found). Default 5 s.
    /// </summary>
    public TimeSpan TotalAnalysisTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// No frame quieter than this starts speech, whatever the noise floor; speech under way continues down to this level
    /// less the hysteresis (<see cref="SpeechOnsetMarginDb"/> - <see cref="SpeechHoldMarginDb"/>). Default -50 dBFS (about -44 dBm0).
    /// </summary>
    public double MinSpeechLevelDbfs { get; init; } = -50;

    /// <summary>How far above the noise floor a frame must be to start speech. Default 10 dB.</summary>
    public double SpeechOnsetMarginDb { get; init; } = 10;

    /// <summary>How far above the noise floor a frame must stay to continue speech (hysteresis). Default 6 dB.</summary>
    public double SpeechHoldMarginDb { get; init; } = 6;

    /// <summary>
    /// The noise floor is the quietest frame within this window (minimum statistics): speech always has quieter moments
    /// between syllables, so the floor follows the line's background noise, not the speech. Default 2 s.
    /// </summary>
    public TimeSpan NoiseFloorWindow { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether a recording beep gives <see cref="AnsweringMachineVerdict.Machine"/>. Default true.</summary>
    public bool DetectBeep { get; init; } = true;

    /// <summary>
    /// The shortest beep detected: a single tone filling <c>floor((length - 20 ms) / 20 ms)</c> consecutive frames, which a
    /// beep of this length does however it falls across frame edges. Default 100 ms.
    /// </summary>
    public TimeSpan MinBeepLength { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The lowest beep frequency looked for. Default 400 Hz.</summary>
    public double MinBeepFrequency { get; init; } = 400;

    /// <summary>The highest beep frequency looked for (searched every 25 Hz from the lowest). Default 2100 Hz.</summary>
    public double MaxBeepFrequency { get; init; } = 2100;

    /// <summary>The quietest beep detected. Default -40 dBFS.</summary>
    public double MinBeepLevelDbfs { get; init; } = -40;

    /// <summary>Every problem with these options, each naming the property; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        CheckDuration(problems, nameof(InitialSilence), InitialSilence);
        CheckDuration(problems, nameof(MaxHumanGreeting), MaxHumanGreeting);
        CheckDuration(problems, nameof(AfterGreetingSilence), AfterGreetingSilence);
        CheckDuration(problems, nameof(MaxGreeting), MaxGreeting);
        CheckDuration(problems, nameof(MinWordLength), MinWordLength);
        CheckDuration(problems, nameof(BetweenWordsSilence), BetweenWordsSilence);
        CheckDuration(problems, nameof(TotalAnalysisTime), TotalAnalysisTime);
        CheckDuration(problems, nameof(NoiseFloorWindow), NoiseFloorWindow);
        CheckDuration(problems, nameof(MinBeepLength), MinBeepLength);
        if (MaxGreeting <= MaxHumanGreeting)
        {
            problems.Add(Text($"{nameof(MaxGreeting)} ({MaxGreeting.TotalSeconds} s) must be longer than {nameof(MaxHumanGreeting)} ({MaxHumanGreeting.TotalSeconds} s)."));
        }

        if (AfterGreetingSilence <= BetweenWordsSilence)
        {
            problems.Add(Text($"{nameof(AfterGreetingSilence)} ({AfterGreetingSilence.TotalSeconds} s) must be longer than {nameof(BetweenWordsSilence)} ({BetweenWordsSilence.TotalSeconds} s)."));
        }

        if (MaxWords < 1)
        {
            problems.Add(Text($"{nameof(MaxWords)} ({MaxWords}) must be at least 1."));
        }

        CheckLevel(problems, nameof(MinSpeechLevelDbfs), MinSpeechLevelDbfs);
        CheckLevel(problems, nameof(MinBeepLevelDbfs), MinBeepLevelDbfs);
        if (!(SpeechHoldMarginDb > 0 && SpeechHoldMarginDb <= SpeechOnsetMarginDb && SpeechOnsetMarginDb <= 40))
        {
            problems.Add(Text($"{nameof(SpeechHoldMarginDb)} ({SpeechHoldMarginDb} dB) must be above 0 and at most {nameof(SpeechOnsetMarginDb)} ({SpeechOnsetMarginDb} dB), which must be at most 40 dB."));
        }

        if (!(MinBeepFrequency >= 100 && MinBeepFrequency <= MaxBeepFrequency && MaxBeepFrequency <= 3800))
        {
            problems.Add(Text($"{nameof(MinBeepFrequency)} ({MinBeepFrequency} Hz) and {nameof(MaxBeepFrequency)} ({MaxBeepFrequency} Hz) must satisfy 100 <= min <= max <= 3800."));
        }

        return problems;
    }

    private static void CheckDuration(List<string> problems, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromMinutes(1))
        {
            problems.Add(Text($"{name} ({value.TotalSeconds} s) must be above 0 and at most 60 s."));
        }
    }

    private static void CheckLevel(List<string> problems, string name, double value)
    {
        if (!(value >= -90 && value <= 0))
        {
            problems.Add(Text($"{name} ({value} dBFS) must be between -90 and 0 dBFS."));
        }
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
