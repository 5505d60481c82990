namespace IvrService.Flows.Definitions;

/// <summary>
/// A menu tree as loaded from one YAML file: its id, the languages it speaks (the first is the default), the
/// node it starts at and its nodes by id. Immutable: a published version never changes.
/// </summary>
public sealed record FlowDefinition(
    string Id,
    string SourceName,
    IReadOnlyList<string> Languages,
    string StartNodeId,
    IReadOnlyDictionary<string, FlowNode> Nodes)
{
    public string? Title { get; init; }

    public string DefaultLanguage => Languages[0];
}
