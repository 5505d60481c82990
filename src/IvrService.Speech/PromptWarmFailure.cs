namespace IvrService.Speech;

/// <summary>A prompt <see cref="PromptLibrary.WarmAsync"/> could not make ready, and why.</summary>
public sealed record PromptWarmFailure(PromptText Prompt, string Error);
