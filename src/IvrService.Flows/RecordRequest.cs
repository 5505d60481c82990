namespace IvrService.Flows;

/// <summary>How to record a voice message: until a key, silence, or a maximum length.</summary>
public sealed record RecordRequest(TimeSpan MaxLength, char? FinishKey, TimeSpan? SilenceTimeout)
{
    /// <summary>Silence from the start, with nothing said, that ends the recording; null: only the maximum length does.</summary>
    public TimeSpan? NoSpeechTimeout { get; init; }
}
