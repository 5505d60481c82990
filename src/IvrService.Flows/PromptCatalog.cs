namespace IvrService.Flows;

/// <summary>
/// Prompt texts per language, read from <c>prompts/&lt;language&gt;/prompts.yaml</c> (key: text). The audio of a
/// prompt is <c>prompts/&lt;language&gt;/&lt;key&gt;.wav</c>, or its text rendered by text-to-speech.
/// </summary>
public sealed class PromptCatalog
{
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> _texts;
    private readonly string[] _languages;

    private PromptCatalog(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> texts)
    {
        _texts = texts;
        _languages = [.. texts.Keys];
    }

    public static PromptCatalog Load(string promptsRoot) => throw new NotImplementedException();

    /// <summary>A catalog from texts already in memory: language → (key → text).</summary>
    public static PromptCatalog FromTexts(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var copy = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (language, keys) in texts)
        {
            copy[language] = new Dictionary<string, string>(keys, StringComparer.Ordinal);
        }

        return new PromptCatalog(copy);
    }

    public IReadOnlyCollection<string> Languages => _languages;

    public bool TryGetText(string language, string key, out string text)
    {
        if (_texts.TryGetValue(language, out var keys) && keys.TryGetValue(key, out var found))
        {
            text = found;
            return true;
        }

        text = string.Empty;
        return false;
    }
}
