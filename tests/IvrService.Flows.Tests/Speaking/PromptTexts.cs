using YamlDotNet.Serialization;

namespace IvrService.Flows.Tests.Speaking;

/// <summary>The prompt texts of the repository's <c>prompts/&lt;language&gt;/prompts.yaml</c>, to hear what keys say.</summary>
internal static class PromptTexts
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> s_persian = new(() => Load("fa"));
    private static readonly Lazy<IReadOnlyDictionary<string, string>> s_english = new(() => Load("en"));

    public static IReadOnlyDictionary<string, string> For(string language) => language switch
    {
        "fa" => s_persian.Value,
        "en" => s_english.Value,
        _ => throw new ArgumentException($"no prompt texts for '{language}'", nameof(language)),
    };

    /// <summary>The keys' texts joined by spaces, as a caller hears them one after the other.</summary>
    public static string Say(IReadOnlyList<string> keys, string language)
    {
        var texts = For(language);
        var words = new List<string>(keys.Count);
        foreach (var key in keys)
        {
            Assert.True(texts.TryGetValue(key, out var text), $"prompts/{language}/prompts.yaml has no text for '{key}'");
            words.Add(text);
        }

        return string.Join(' ', words);
    }

    public static string RepositoryFile(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IvrService.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return Path.Combine([directory.FullName, .. parts]);
    }

    private static Dictionary<string, string> Load(string language)
    {
        var path = RepositoryFile("prompts", language, "prompts.yaml");
        var deserializer = new DeserializerBuilder().Build();
        return deserializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path));
    }
}
