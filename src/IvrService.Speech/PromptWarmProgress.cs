namespace IvrService.Speech;

/// <summary>Progress of <see cref="PromptLibrary.WarmAsync"/>: one prompt done (or failed).</summary>
/// <param name="Done">Prompts handled so far, this one included.</param>
/// <param name="Total">Prompts in the catalog.</param>
/// <param name="Prompt">The prompt just handled.</param>
/// <param name="File">Its audio file, or null when it failed.</param>
/// <param name="Error">Why it failed, or null.</param>
public sealed record PromptWarmProgress(int Done, int Total, PromptText Prompt, PromptFile? File, string? Error);
