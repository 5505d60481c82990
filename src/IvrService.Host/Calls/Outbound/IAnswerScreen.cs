namespace IvrService.Host.Calls.Outbound;

/// <summary>
/// Judges whether an answered outbound call reached a person or an answering machine from the audio the far end
/// sends after the answer (greeting length, energy cadence), before the call is handed over.
/// </summary>
internal interface IAnswerScreen
{
    /// <summary>The longest the screen listens; at that point <see cref="IAnswerScreening.Conclude"/> decides.</summary>
    TimeSpan MaxListen { get; }

    /// <summary>A fresh screening for one answered call.</summary>
    IAnswerScreening Begin();
}
