using System.Globalization;
using IvrService.Media.Audio;
using IvrService.Media.Detection.Internal;

namespace IvrService.Media.Detection;

/// <summary>
/// Tells a person from an answering machine by the energy and cadence of the first seconds after answer, the way
/// contact-centre dialers do: a person says something short ("Hello?", «الو؟») and waits; a machine talks on
/// ("Hello, you have reached …") and often ends with a beep. A heuristic, wrong now and then: a "press 1 to start"
/// gate is the reliable check.
/// <para>
/// Feed the caller's decoded audio (16-bit linear PCM, 8000 Hz mono) from the moment of answer, any number of samples
/// at a time; it is analysed in 20 ms frames. Each frame's RMS level is compared with the line's noise floor (the
/// quietest frame of the last couple of seconds) with hysteresis: speech starts
/// <see cref="AnsweringMachineDetectionOptions.SpeechOnsetMarginDb"/> above the floor and continues while
/// <see cref="AnsweringMachineDetectionOptions.SpeechHoldMarginDb"/> above it. Bursts of speech of at least
/// <see cref="AnsweringMachineDetectionOptions.MinWordLength"/> are words, separated by gaps of
/// <see cref="AnsweringMachineDetectionOptions.BetweenWordsSilence"/>; words without a pause of
/// <see cref="AnsweringMachineDetectionOptions.AfterGreetingSilence"/> between them make one greeting.
/// </para>
/// Verdicts, first met wins:
/// <list type="bullet">
/// <item>a single tone of at least <see cref="AnsweringMachineDetectionOptions.MinBeepLength"/> (a recording beep): <see cref="AnsweringMachineVerdict.Machine"/>;</item>
/// <item>no speech within <see cref="AnsweringMachineDetectionOptions.InitialSilence"/>: <see cref="AnsweringMachineVerdict.Silence"/>;</item>
/// <item><see cref="AnsweringMachineDetectionOptions.MaxWords"/> words in one greeting, or a greeting lasting
/// <see cref="AnsweringMachineDetectionOptions.MaxGreeting"/>: <see cref="AnsweringMachineVerdict.Machine"/>;</item>
/// <item>a greeting of at most <see cref="AnsweringMachineDetectionOptions.MaxHumanGreeting"/> followed by
/// <see cref="AnsweringMachineDetectionOptions.AfterGreetingSilence"/>: <see cref="AnsweringMachineVerdict.Human"/>;</item>
/// <item>at <see cref="AnsweringMachineDetectionOptions.TotalAnalysisTime"/> (or <see cref="Finish"/>): <see cref="AnsweringMachineVerdict.Silence"/>
/// if nothing was said, otherwise <see cref="AnsweringMachineVerdict.Human"/>, as no machine pattern showed.</item>
/// </list>
/// Once decided, further audio is ignored. Not thread-safe: one detector per call, fed from one thread. No allocation
/// per frame.
/// </summary>
public sealed class AnsweringMachineDetector
{
    private readonly AnsweringMachineDetectionOptions _options;
    private readonly int _initialSilenceFrames;
    private readonly int _maxHumanGreetingFrames;
    private readonly int _afterGreetingFrames;
    private readonly int _maxGreetingFrames;
    private readonly int _minWordFrames;
    private readonly int _wordGapFrames;
    private readonly int _totalFrames;
    private readonly NoiseFloor _noiseFloor;
    private readonly BeepFinder? _beep;
    private readonly short[] _frame = new short[TelephonyAudio.FrameSamples];
    private int _filled;
    private int _frames;

    private bool _voiced;
    private bool _inBurst;
    private int _burstStart;
    private int _burstVoiced;
    private bool _burstIsWord;
    private int _unvoicedRun;

    private int _segmentStart = -1;
    private int _segmentWords;
    private int _earlierSegmentsFrames;
    private int _lastSpeech = -1;

    /// <param name="options">Thresholds; <see cref="AnsweringMachineDetectionOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The options are not usable; the message names each bad property.</exception>
    public AnsweringMachineDetector(AnsweringMachineDetectionOptions? options = null)
    {
        _options = options ?? AnsweringMachineDetectionOptions.Default;
        var problems = _options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Answering-machine detection options: " + string.Join(" ", problems), nameof(options));
        }

        _initialSilenceFrames = Frames(_options.InitialSilence);
        _maxHumanGreetingFrames = Frames(_options.MaxHumanGreeting);
        _afterGreetingFrames = Frames(_options.AfterGreetingSilence);
        _maxGreetingFrames = Frames(_options.MaxGreeting);
        _minWordFrames = Frames(_options.MinWordLength);
        _wordGapFrames = Frames(_options.BetweenWordsSilence);
        _totalFrames = Frames(_options.TotalAnalysisTime);
        _noiseFloor = new NoiseFloor(Frames(_options.NoiseFloorWindow));
        if (_options.DetectBeep)
        {
            var beepFrames = (int)((_options.MinBeepLength - TelephonyAudio.FrameDuration) / TelephonyAudio.FrameDuration);
            _beep = new BeepFinder(_options.MinBeepFrequency, _options.MaxBeepFrequency, _options.MinBeepLevelDbfs, beepFrames);
        }
    }

    /// <summary>The verdict so far.</summary>
    public AnsweringMachineVerdict Verdict { get; private set; }

    /// <summary>Why the verdict was reached, in words; null while undecided.</summary>
    public string? Reason { get; private set; }

    /// <summary>True once the verdict is no longer <see cref="AnsweringMachineVerdict.Undecided"/>.</summary>
    public bool IsDecided => Verdict != AnsweringMachineVerdict.Undecided;

    /// <summary>The audio analysed since answer, in whole frames; it stops growing at the decision.</summary>
    public TimeSpan Elapsed => TelephonyAudio.FrameDuration * _frames;

    /// <summary>Words heard so far.</summary>
    public int Words { get; private set; }

    /// <summary>The current noise floor estimate in dBFS.</summary>
    public double NoiseFloorDbfs => _noiseFloor.Dbfs;

    /// <summary>The verdict, its reason and the audio it took, as one value.</summary>
    public AnsweringMachineResult Result => new(Verdict, Reason, Elapsed);

    /// <summary>Runs a whole buffer of 8 kHz audio (from answer) through a new detector until it decides or the audio ends.</summary>
    public static AnsweringMachineResult Analyze(ReadOnlySpan<short> audio, AnsweringMachineDetectionOptions? options = null)
    {
        var detector = new AnsweringMachineDetector(options);
        while (!audio.IsEmpty && !detector.IsDecided)
        {
            var take = Math.Min(TelephonyAudio.FrameSamples, audio.Length);
            detector.Process(audio[..take]);
            audio = audio[take..];
        }

        return detector.Result;
    }

    /// <summary>Feeds decoded caller audio in order (a 20 ms frame is 160 samples; any length is accepted).</summary>
    public void Process(ReadOnlySpan<short> frame)
    {
        while (!frame.IsEmpty && !IsDecided)
        {
            var take = Math.Min(frame.Length, _frame.Length - _filled);
            frame[..take].CopyTo(_frame.AsSpan(_filled));
            _filled += take;
            frame = frame[take..];
            if (_filled == _frame.Length)
            {
                _filled = 0;
                OnFrame(_frame);
            }
        }
    }

    /// <summary>
    /// Decides now on what is known, as at the analysis limit (e.g. the caller needs an answer before the limit, or the
    /// audio stopped). Does nothing once decided.
    /// </summary>
    public void Finish()
    {
        if (!IsDecided)
        {
            DecideOnWhatIsKnown(Text($"stopped after {Seconds(_frames)} s"));
        }
    }

    private void OnFrame(ReadOnlySpan<short> frame)
    {
        var index = _frames++;
        var energy = FrameLevel.Energy(frame);
        var level = FrameLevel.Dbfs(energy, frame.Length);
        var floor = _noiseFloor.Add(level);
        if (_beep is not null && _beep.Add(frame, energy))
        {
            var beepFrames = _beep.ToneFrames;
            Decide(AnsweringMachineVerdict.Machine, Text(
                $"a {_beep.LastFrequency:0} Hz tone (beep) filling {beepFrames * TelephonyAudio.FrameMilliseconds} ms of frames, up to {Seconds(_frames)} s"));
            return;
        }

        var onset = _options.SpeechOnsetMarginDb;
        var hold = _options.SpeechHoldMarginDb;
        var threshold = _voiced
            ? Math.Max(floor + hold, _options.MinSpeechLevelDbfs - (onset - hold))
            : Math.Max(floor + onset, _options.MinSpeechLevelDbfs);
        _voiced = level >= threshold;
        TrackWords(index);
        Judge(index);
    }

    private void TrackWords(int index)
    {
        if (!_voiced)
        {
            if (_inBurst && ++_unvoicedRun >= _wordGapFrames)
            {
                _inBurst = false;
            }

            return;
        }

        if (!_inBurst)
        {
            _inBurst = true;
            _burstStart = index;
            _burstVoiced = 0;
            _burstIsWord = false;
        }

        _unvoicedRun = 0;
        _burstVoiced++;
        if (!_burstIsWord && _burstVoiced >= _minWordFrames)
        {
            _burstIsWord = true;
            Words++;
            if (_segmentStart < 0 || _burstStart - _lastSpeech - 1 >= _afterGreetingFrames)
            {
                if (_segmentStart >= 0)
                {
                    _earlierSegmentsFrames += _lastSpeech - _segmentStart + 1;
                }

                _segmentStart = _burstStart;
                _segmentWords = 0;
            }

            _segmentWords++;
        }

        if (_burstIsWord)
        {
            _lastSpeech = index;
        }
    }

    private void Judge(int index)
    {
        var pendingBurst = _inBurst && !_burstIsWord;
        if (_segmentStart < 0)
        {
            if (_frames >= _initialSilenceFrames && !pendingBurst)
            {
                Decide(AnsweringMachineVerdict.Silence, Text($"no speech in the first {Seconds(_frames)} s"));
                return;
            }
        }
        else
        {
            var greeting = _lastSpeech - _segmentStart + 1;
            var silence = index - _lastSpeech;
            if (_segmentWords >= _options.MaxWords)
            {
                Decide(AnsweringMachineVerdict.Machine, Text(
                    $"{WordCount(_segmentWords)} without a pause in a {Seconds(greeting)} s greeting from {Seconds(_segmentStart)} s"));
                return;
            }

            if (greeting >= _maxGreetingFrames)
            {
                Decide(AnsweringMachineVerdict.Machine, Text(
                    $"a greeting still going after {Seconds(greeting)} s ({WordCount(_segmentWords)}) from {Seconds(_segmentStart)} s"));
                return;
            }

            if (silence >= _afterGreetingFrames && !pendingBurst && greeting <= _maxHumanGreetingFrames)
            {
                Decide(AnsweringMachineVerdict.Human, Text(
                    $"a {Seconds(greeting)} s greeting ({WordCount(_segmentWords)}) from {Seconds(_segmentStart)} s, then {Seconds(silence)} s of silence"));
                return;
            }
        }

        if (_frames >= _totalFrames)
        {
            DecideOnWhatIsKnown(Text($"analysis limit of {Seconds(_frames)} s"));
        }
    }

    private void DecideOnWhatIsKnown(string when)
    {
        if (_segmentStart < 0)
        {
            Decide(AnsweringMachineVerdict.Silence, when + ": no speech");
            return;
        }

        var greeting = _lastSpeech - _segmentStart + 1;
        var speech = _earlierSegmentsFrames + greeting;
        if (speech >= _maxGreetingFrames)
        {
            Decide(AnsweringMachineVerdict.Machine, when + Text(
                $": {Seconds(speech)} s of speech in greetings split by pauses ({WordCount(Words)}), as long as a recorded greeting"));
            return;
        }

        Decide(AnsweringMachineVerdict.Human, when + Text(
            $": {Seconds(speech)} s of speech ({WordCount(Words)}), the last greeting {Seconds(greeting)} s; no machine pattern"));
    }

    private void Decide(AnsweringMachineVerdict verdict, string reason)
    {
        Verdict = verdict;
        Reason = reason;
    }

    private static int Frames(TimeSpan duration) =>
        (int)Math.Ceiling(duration / TelephonyAudio.FrameDuration - 1e-9);

    private static string Seconds(int frames) =>
        (frames * TelephonyAudio.FrameMilliseconds / 1000.0).ToString("0.00", CultureInfo.InvariantCulture);

    private static string WordCount(int words) => words == 1 ? "1 word" : Text($"{words} words");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
