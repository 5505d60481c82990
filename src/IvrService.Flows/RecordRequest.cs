namespace IvrService.Flows;

/// <summary>How to record a voice message: until a key, silence, or a maximum length.</summary>
public sealed record RecordRequest(TimeSpan MaxLength, char? FinishKey, TimeSpan? SilenceTimeout);
