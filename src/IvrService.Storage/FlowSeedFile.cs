namespace IvrService.Storage;

/// <summary>A menu or survey file shipped with the product, stored as version 1 of its flow when the flow has no version yet.</summary>
public sealed record FlowSeedFile(string FlowId, string Yaml, string SourceName)
{
    /// <summary>What the file defines; a menu unless said otherwise.</summary>
    public DefinitionKind Kind { get; init; } = DefinitionKind.Menu;
}
