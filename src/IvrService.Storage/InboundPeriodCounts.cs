namespace IvrService.Storage;

/// <summary>The inbound figures of one period (or of the whole range).</summary>
/// <param name="Offered">Inbound calls offered.</param>
/// <param name="Answered">Of those, calls answered.</param>
/// <param name="AbandonedInIvr">Calls whose menu result is <c>abandoned</c> (the caller hung up inside the menu).</param>
/// <param name="Transferred">Calls whose menu result is <c>transferred</c>.</param>
/// <param name="MessagesLeft">Calls with a recorded voice message (a <c>recorded</c> step).</param>
/// <param name="CallbacksRequested">Calls with a callback request (a <c>callback</c> step).</param>
/// <param name="AverageTalk">Average answer-to-end time of the answered calls that have ended; null when none has.</param>
public sealed record InboundPeriodCounts(
    long Offered,
    long Answered,
    long AbandonedInIvr,
    long Transferred,
    long MessagesLeft,
    long CallbacksRequested,
    TimeSpan? AverageTalk)
{
    /// <summary>A period without calls.</summary>
    public static InboundPeriodCounts Empty { get; } = new(0, 0, 0, 0, 0, 0, null);
}
