using IvrService.Media.Audio;

namespace IvrService.Media.Internal;

/// <summary>A list of prompts queued for playback, and where in it the clock is.</summary>
internal sealed class PlayRequest
{
    private readonly TaskCompletionSource<PlaybackResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PlayRequest(IReadOnlyList<PromptAudio> prompts, bool interruptible)
    {
        Prompts = prompts;
        Interruptible = interruptible;
    }

    public IReadOnlyList<PromptAudio> Prompts { get; }

    public bool Interruptible { get; }

    public int PromptIndex { get; set; }

    public int FrameIndex { get; set; }

    public long FramesPlayed { get; set; }

    public Task<PlaybackResult> Completion => _done.Task;

    public bool Finish(PlaybackOutcome outcome) =>
        _done.TrySetResult(new PlaybackResult(outcome, TelephonyAudio.FrameDuration * FramesPlayed));
}
