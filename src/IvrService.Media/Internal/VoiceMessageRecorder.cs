using IvrService.Media.Audio;

namespace IvrService.Media.Internal;

/// <summary>
/// Records the caller's audio for a voice message until a key, silence after speech, silence with no speech at all
/// (when limited), or the maximum length.
/// </summary>
internal sealed class VoiceMessageRecorder
{
    private readonly VoiceMessageOptions _options;
    private readonly RecordingSink _sink;
    private readonly TaskCompletionSource<VoiceMessageResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _maxFrames;
    private readonly long _silenceFrames;
    private readonly long _noSpeechFrames;
    private long _frames;
    private long _quietFrames;
    private bool _heardSpeech;

    public VoiceMessageRecorder(VoiceMessageOptions options, RecordingSink sink)
    {
        _options = options;
        _sink = sink;
        _maxFrames = (long)(options.MaxLength / TelephonyAudio.FrameDuration);
        _silenceFrames = Frames(options.SilenceTimeout);
        _noSpeechFrames = Frames(options.NoSpeechTimeout);
    }

    public RecordingSink Sink => _sink;

    public Task<VoiceMessageResult> Completion => _done.Task;

    public bool IsFinished => _done.Task.IsCompleted;

    /// <summary>One 20 ms frame of caller audio (clock thread). Returns true when the message is complete.</summary>
    public bool OnFrame(ReadOnlySpan<short> caller)
    {
        if (IsFinished)
        {
            return true;
        }

        _sink.Append(caller);
        _frames++;
        if (Rms(caller) >= _options.SilenceThreshold)
        {
            _heardSpeech = true;
            _quietFrames = 0;
        }
        else
        {
            _quietFrames++;
        }

        if (_frames >= _maxFrames)
        {
            return Finish(VoiceMessageEnd.MaxLength);
        }

        return _quietFrames >= (_heardSpeech ? _silenceFrames : _noSpeechFrames) && Finish(VoiceMessageEnd.Silence);
    }

    /// <summary>A digit arrived; true when it was the finishing key.</summary>
    public bool OnDigit(char digit) => _options.FinishKey == digit && Finish(VoiceMessageEnd.Digit);

    public bool Finish(VoiceMessageEnd end)
    {
        if (IsFinished)
        {
            return false;
        }

        _sink.Close();
        return _done.TrySetResult(new VoiceMessageResult(_sink.Path, TelephonyAudio.FrameDuration * _frames, end, _heardSpeech));
    }

    private static long Frames(TimeSpan? limit) => limit is { } length ? Math.Max(1, (long)(length / TelephonyAudio.FrameDuration)) : long.MaxValue;

    private static double Rms(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return 0;
        }

        double sum = 0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return Math.Sqrt(sum / samples.Length);
    }
}
