using IvrService.Flows.Surveys;

namespace IvrService.Flows.Tests.Surveys;

/// <summary>A small valid survey with one question of each kind, a catalog that has its prompts, and loading helpers.</summary>
internal static class SurveyFixtures
{
    public const string SourceFile = "surveys/test.yaml";

    public static readonly string[] PromptKeys =
    [
        "intro", "invalid", "no_input", "closing", "opt_out", "opted_out", "start", "q_rating", "q_yes_no", "q_score", "q_choice",
        "c_fully", "c_partly", "c_not", "comment",
    ];

    public const string Questions = """
        questions:
          - { id: rating, kind: rating, prompt: q_rating, escalate_at: 2 }
          - { id: yes_no, kind: yes_no, prompt: q_yes_no }
          - { id: score, kind: score, prompt: q_score, escalate_at: 6 }
          - id: choice
            kind: choice
            prompt: q_choice
            choices:
              - { key: "1", id: fully, prompt: c_fully }
              - { key: "2", id: partly, prompt: c_partly }
              - { key: "3", id: not_solved, prompt: c_not }
        """;

    public const string OptOut = """
        opt_out: { key: "9", prompt: opt_out, confirmed: opted_out }
        """;

    public const string StartGate = """
        start_gate: { key: "1", prompt: start }
        """;

    public const string Comment = """
        comment: { prompt: comment, max_length: 60s, silence: 4s }
        """;

    public static PromptCatalog Catalog(params string[] languages) =>
        PromptCatalog.Create((languages.Length == 0 ? ["fa", "en"] : languages).ToDictionary(
            language => language,
            language => (IReadOnlyDictionary<string, string>)PromptKeys.ToDictionary(key => key, key => $"{language}:{key}")));

    /// <summary>The survey file with each part replaceable (an empty part leaves it out).</summary>
    public static string Yaml(
        string questions = Questions,
        string optOut = OptOut,
        string startGate = StartGate,
        string comment = Comment,
        string head = "id: test\nlanguages: [fa, en]\ntimeouts: { first_digit: 5s, inter_digit: 3s }\nretries: 2") => $$"""
        {{head}}
        prompts: { intro: intro, invalid: invalid, no_input: no_input, closing: closing }
        {{optOut}}
        {{startGate}}
        {{questions}}
        {{comment}}
        """;

    public static SurveyLoadResult Load(string yaml, PromptCatalog? catalog = null) =>
        SurveyDefinitionLoader.Load(yaml, SourceFile, catalog ?? Catalog());

    public static SurveyDefinition Survey(string yaml)
    {
        var result = Load(yaml);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Problems));
        return result.Definition!;
    }

    /// <summary>Every problem of a load as <c>file:line:col: path: reason</c>, asserting it loaded nothing.</summary>
    public static List<string> Problems(string yaml, PromptCatalog? catalog = null)
    {
        var result = Load(yaml, catalog);
        Assert.Null(result.Definition);
        return [.. result.Problems.Select(problem => problem.ToString())];
    }
}
