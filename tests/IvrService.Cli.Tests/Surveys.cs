namespace IvrService.Cli.Tests;

/// <summary>A small survey in the documented YAML schema, over the prompts <see cref="PromptsFolder"/> writes.</summary>
internal static class Surveys
{
    public const string Short = """
        id: short
        languages: [en]
        timeouts: { first_digit: 5s }
        retries: 2
        prompts: { intro: main_menu, invalid: invalid, no_input: no_input, closing: goodbye }
        questions:
          - { id: rating, kind: rating, prompt: main_menu }
        """;

    /// <summary>The short survey with id <paramref name="surveyId"/>.</summary>
    public static string WithId(string surveyId) => Short.Replace("id: short\n", "id: " + surveyId + "\n", StringComparison.Ordinal);
}
