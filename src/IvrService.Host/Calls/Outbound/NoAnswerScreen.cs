namespace IvrService.Host.Calls.Outbound;

/// <summary>
/// The screen used while no answering-machine detector is configured: it listens to nothing and takes every answer
/// for a person, so the call is handed over at once.
/// </summary>
internal sealed class NoAnswerScreen : IAnswerScreen, IAnswerScreening
{
    private static readonly AnswerVerdict Human = new(false, "no answering-machine detection configured");

    public TimeSpan MaxListen => TimeSpan.Zero;

    public IAnswerScreening Begin() => this;

    public AnswerVerdict? OnFrame(ReadOnlySpan<short> frame, bool received) => Human;

    public AnswerVerdict Conclude() => Human;
}
