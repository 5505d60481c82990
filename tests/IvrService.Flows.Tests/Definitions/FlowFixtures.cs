using IvrService.Flows.Definitions;

namespace IvrService.Flows.Tests.Definitions;

/// <summary>A small valid flow, a catalog that has its prompts, and helpers to load variations of it.</summary>
internal static class FlowFixtures
{
    public const string SourceFile = "menus/test.yaml";

    public static readonly string[] PromptKeys =
    [
        "main_menu", "invalid_choice", "no_input", "goodbye", "enter_code", "thanks", "status.open", "record_message",
    ];

    public static PromptCatalog Catalog(params string[] languages) =>
        PromptCatalog.Create((languages.Length == 0 ? ["fa", "en"] : languages).ToDictionary(
            language => language,
            language => (IReadOnlyDictionary<string, string>)PromptKeys.ToDictionary(key => key, key => $"{language}:{key}")));

    public static FlowValidationContext Context(PromptCatalog? catalog = null) =>
        new(catalog ?? Catalog(), new Dictionary<string, string> { ["operator"] = "sip:operator@example.com" });

    public static FlowLoadResult Load(string yaml, FlowValidationContext? context = null) =>
        FlowDefinitionLoader.Load(yaml, SourceFile, context ?? Context());

    /// <summary>The only problem of a load, asserting there is exactly one.</summary>
    public static FlowProblem Single(string yaml, FlowValidationContext? context = null)
    {
        var result = Load(yaml, context);
        Assert.Null(result.Definition);
        return Assert.Single(result.Problems);
    }

    /// <summary>A flow with a main menu and a goodbye; <paramref name="nodes"/> are added under nodes (indented 2).</summary>
    public static string Flow(string nodes, string options = "{ \"1\": goodbye }", string start = "main") => $$"""
        id: test
        languages: [fa, en]
        start: {{start}}
        nodes:
          main:
            type: menu
            prompt: main_menu
            options: {{options}}
            timeout: 5s
            retries: 3
            invalid: invalid_choice
            no_input: no_input
            after_retries: goodbye
          goodbye:
            type: hangup
            prompt: goodbye
        {{nodes}}
        """;
}
