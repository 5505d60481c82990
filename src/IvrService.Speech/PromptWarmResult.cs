namespace IvrService.Speech;

/// <summary>What <see cref="PromptLibrary.WarmAsync"/> found and did.</summary>
/// <param name="Recorded">Prompts with a recorded file.</param>
/// <param name="Cached">Prompts already rendered earlier.</param>
/// <param name="Rendered">Prompts rendered now.</param>
/// <param name="Failures">Each prompt that could not be rendered, with the reason.</param>
public sealed record PromptWarmResult(int Recorded, int Cached, int Rendered, IReadOnlyList<PromptWarmFailure> Failures);
