namespace IvrService.Flows;

public enum RecordingEnd
{
    FinishKey,
    Silence,
    MaxLength,
    HungUp,
}

/// <summary>A recorded voice message: where the audio is, how long it is, why it ended, whether anyone spoke.</summary>
public sealed record RecordedMessage(string Path, TimeSpan Duration, RecordingEnd End, bool HeardSpeech);
