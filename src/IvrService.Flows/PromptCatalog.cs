namespace IvrService.Flows;

/// <summary>
/// Prompt texts per language, read from <c>prompts/&lt;language&gt;/prompts.yaml</c> (key: text). The audio of a
/// prompt is <c>prompts/&lt;language&gt;/&lt;key&gt;.wav</c>, or its text rendered by text-to-speech.
/// </summary>
public sealed class PromptCatalog
{
    public static PromptCatalog Load(string promptsRoot) => throw new NotImplementedException();

    public IReadOnlyCollection<string> Languages => throw new NotImplementedException();

    public bool TryGetText(string language, string key, out string text) => throw new NotImplementedException();
}
