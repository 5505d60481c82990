namespace IvrService.Media;

/// <summary>How to record a voice message: until a key, silence, or a maximum length.</summary>
public sealed record VoiceMessageOptions(string Path)
{
    public TimeSpan MaxLength { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The key that ends the message (not recorded); null disables it.</summary>
    public char? FinishKey { get; init; } = '#';

    /// <summary>Silence after speech that ends the message; null disables it.</summary>
    public TimeSpan? SilenceTimeout { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// Silence from the start, before any speech, that ends the message (with nothing said); null disables it. A
    /// caller who says nothing is then let go well before the media timeout can cut a phone that suppresses silence
    /// (sends no RTP while quiet).
    /// </summary>
    public TimeSpan? NoSpeechTimeout { get; init; }

    /// <summary>RMS level (of 32768) below which a frame counts as silence.</summary>
    public double SilenceThreshold { get; init; } = 300;
}
