namespace IvrService.Flows.Definitions.Internal;

/// <summary>
/// Checks the prompts a definition says (a menu or a survey) against the catalog: every language of the
/// definition has a prompt file, every key has a text in every language it can be said in, and the
/// <c>language</c> and <c>only_in</c> of an item are languages of the definition.
/// </summary>
internal static class PromptCheck
{
    /// <param name="languages">The definition's languages; null when they could not be read (nothing is checked).</param>
    /// <param name="languageLocations">Where each language is written.</param>
    /// <param name="prompts">The prompt keys the definition says.</param>
    /// <param name="catalog">The prompt texts.</param>
    /// <param name="problems">Where the problems go.</param>
    /// <param name="whose">Names the definition in messages: "this flow's", "this survey's".</param>
    public static void Check(
        IReadOnlyList<string>? languages,
        IReadOnlyList<SourceLocation> languageLocations,
        IEnumerable<PromptReference> prompts,
        PromptCatalog catalog,
        ProblemList problems,
        string whose)
    {
        if (languages is null)
        {
            return;
        }

        var known = new List<string>();
        for (var i = 0; i < languages.Count; i++)
        {
            var language = languages[i];
            if (catalog.HasLanguage(language))
            {
                known.Add(language);
            }
            else
            {
                problems.Add($"languages.{i}", $"language '{language}' has no prompts in the catalog (prompts/{language}/prompts.yaml)", languageLocations[i]);
            }
        }

        foreach (var prompt in prompts)
        {
            if (prompt.OnlyIn is { } onlyIn && !languages.Contains(onlyIn))
            {
                problems.Add(prompt.Path, $"only_in '{onlyIn}' is not one of {whose} languages ({string.Join(", ", languages)})", prompt.Location);
            }

            if (prompt.Language is { } fixedLanguage)
            {
                if (!catalog.TryGetText(fixedLanguage, prompt.Key, out _))
                {
                    problems.Add(prompt.Path, $"prompt '{prompt.Key}' has no text for language {fixedLanguage}", prompt.Location);
                }

                continue;
            }

            var missing = known.Where(language => !catalog.TryGetText(language, prompt.Key, out _)).ToList();
            if (missing.Count > 0)
            {
                problems.Add(prompt.Path, $"prompt '{prompt.Key}' has no text for {(missing.Count == 1 ? "language" : "languages")} {string.Join(", ", missing)}", prompt.Location);
            }
        }
    }
}
