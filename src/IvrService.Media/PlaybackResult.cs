namespace IvrService.Media;

/// <summary>How a play request ended.</summary>
public enum PlaybackOutcome
{
    Completed,

    /// <summary>A digit stopped it (barge-in); the digit is waiting in <see cref="MediaSession.Digits"/>.</summary>
    Interrupted,

    /// <summary>The request was cancelled or the session closed.</summary>
    Stopped,
}

public sealed record PlaybackResult(PlaybackOutcome Outcome, TimeSpan Played);
