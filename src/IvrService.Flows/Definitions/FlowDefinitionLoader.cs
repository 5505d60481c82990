namespace IvrService.Flows.Definitions;

/// <summary>The result of loading a definition: the flow when it has no problem, and every problem found.</summary>
public sealed record FlowLoadResult(FlowDefinition? Definition, IReadOnlyList<FlowProblem> Problems)
{
    public bool Succeeded => Definition is not null && Problems.Count == 0;
}

/// <summary>What a definition is checked against: the prompt texts per language and the transfer allow-list.</summary>
public sealed record FlowValidationContext(PromptCatalog Prompts, IReadOnlyDictionary<string, string> TransferDestinations);

/// <summary>Reads a flow from YAML and validates it (schema, targets, reachability, prompts, loops, allow-list).</summary>
public static class FlowDefinitionLoader
{
    public static FlowLoadResult Load(string yaml, string sourceName, FlowValidationContext context) => throw new NotImplementedException();
}
