namespace IvrService.Host.Calls.Outbound;

/// <summary>One call's screening, fed the far end's audio frame by frame.</summary>
internal interface IAnswerScreening
{
    /// <summary>
    /// One 20 ms frame of the far end's audio (silence with <paramref name="received"/> false when none arrived),
    /// on the media clock: quick, and without keeping the frame. Returns the verdict once decided, else null.
    /// </summary>
    AnswerVerdict? OnFrame(ReadOnlySpan<short> frame, bool received);

    /// <summary>The verdict when <see cref="IAnswerScreen.MaxListen"/> passed without one.</summary>
    AnswerVerdict Conclude();
}
