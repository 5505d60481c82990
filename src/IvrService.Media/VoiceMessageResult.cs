namespace IvrService.Media;

public enum VoiceMessageEnd
{
    /// <summary>The caller pressed the finishing key.</summary>
    Digit,

    /// <summary>The caller fell silent for the configured time after speaking.</summary>
    Silence,

    /// <summary>The maximum length was reached.</summary>
    MaxLength,

    /// <summary>The call ended or the recording was cancelled; what was recorded is kept.</summary>
    Stopped,
}

/// <summary>A recorded voice message: its file, its length, and why it ended.</summary>
public sealed record VoiceMessageResult(string Path, TimeSpan Duration, VoiceMessageEnd End, bool HeardSpeech);
