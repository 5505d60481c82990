namespace IvrService.Speech;

/// <summary>The audio file of a prompt and where it came from.</summary>
/// <param name="Path">A playable 8 kHz mono WAV file.</param>
/// <param name="Source">Recorded, cached or rendered now.</param>
public sealed record PromptFile(string Path, PromptSource Source);
