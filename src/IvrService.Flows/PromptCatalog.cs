using System.Text.RegularExpressions;
using IvrService.Flows.Internal;

namespace IvrService.Flows;

/// <summary>
/// Prompt texts per language, read from <c>prompts/&lt;language&gt;/prompts.yaml</c> (key: text). The audio of a
/// prompt is <c>prompts/&lt;language&gt;/&lt;key&gt;.wav</c>, or its text rendered by text-to-speech.
/// </summary>
public sealed partial class PromptCatalog
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _texts;

    private PromptCatalog(Dictionary<string, IReadOnlyDictionary<string, string>> texts) => _texts = texts;

    /// <summary>
    /// Reads <c>&lt;root&gt;/&lt;language&gt;/prompts.yaml</c> for every language folder that has one. A file that is
    /// not a flat map of key to text throws <see cref="InvalidDataException"/> naming the file, line and column.
    /// </summary>
    public static PromptCatalog Load(string promptsRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(promptsRoot);
        if (!Directory.Exists(promptsRoot))
        {
            throw new DirectoryNotFoundException($"Prompt folder '{promptsRoot}' does not exist.");
        }

        var texts = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var folder in Directory.GetDirectories(promptsRoot).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(folder, "prompts.yaml");
            if (File.Exists(file))
            {
                texts[Path.GetFileName(folder)] = Parse(File.ReadAllText(file), file);
            }
        }

        return new PromptCatalog(texts);
    }

    /// <summary>A catalog from texts already in memory: language → (key → text).</summary>
    public static PromptCatalog Create(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> textsByLanguage)
    {
        ArgumentNullException.ThrowIfNull(textsByLanguage);
        var texts = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (language, keys) in textsByLanguage)
        {
            texts[language] = new Dictionary<string, string>(keys, StringComparer.Ordinal);
        }

        return new PromptCatalog(texts);
    }

    /// <summary>
    /// Reads one <c>prompts.yaml</c> text: a flat map of key to text. Keys may contain dots (<c>number.1000</c>).
    /// Throws <see cref="InvalidDataException"/> with <c>file:line:column: reason</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Parse(string yaml, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        DocNode? root;
        try
        {
            root = DocReader.Read(yaml);
        }
        catch (DocSyntaxException e)
        {
            throw new InvalidDataException($"{sourceName}:{e.Location}: YAML syntax error: {e.Message}");
        }

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root is null || root is DocScalar { IsNull: true })
        {
            return texts;
        }

        if (root is not DocMapping mapping)
        {
            throw new InvalidDataException($"{sourceName}:{root.Location}: a prompt file must be a map of key: text, not a {root.Kind}");
        }

        foreach (var (keyNode, valueNode) in mapping.Entries)
        {
            if (keyNode is not DocScalar { IsNull: false } keyScalar || !KeyFormat().IsMatch(keyScalar.Value))
            {
                var shown = keyNode is DocScalar s ? $"'{s.Value}'" : $"a {keyNode.Kind}";
                throw new InvalidDataException(
                    $"{sourceName}:{keyNode.Location}: {shown} is not a prompt key; a key is letters, digits, '_', '-' and '.'");
            }

            var key = keyScalar.Value;
            if (valueNode is DocScalar { IsNull: true })
            {
                throw new InvalidDataException($"{sourceName}:{valueNode.Location}: prompt '{key}' has no text");
            }

            if (valueNode is not DocScalar text)
            {
                throw new InvalidDataException(
                    $"{sourceName}:{valueNode.Location}: the text of prompt '{key}' must be a string, not a {valueNode.Kind}");
            }

            if (!texts.TryAdd(key, text.Value))
            {
                throw new InvalidDataException($"{sourceName}:{keyNode.Location}: prompt '{key}' is defined twice");
            }
        }

        return texts;
    }

    /// <summary>The languages that have a prompt file, in ordinal order.</summary>
    public IReadOnlyCollection<string> Languages => _texts.Keys;

    public bool HasLanguage(string language) => _texts.ContainsKey(language);

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

    /// <summary>The keys a language has, for tools that list or check them.</summary>
    public IReadOnlyCollection<string> KeysOf(string language) =>
        _texts.TryGetValue(language, out var keys) ? (IReadOnlyCollection<string>)keys.Keys : [];

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]*$")]
    internal static partial Regex KeyFormat();
}
