namespace IvrService.Storage;

/// <summary>One stored version of a menu or survey definition: immutable once published.</summary>
/// <param name="FlowId">The flow's id (the menu file's name without extension, e.g. <c>after-sales</c>).</param>
/// <param name="Version">1 for the seeded file, then one more for every publish.</param>
/// <param name="Yaml">The definition exactly as published.</param>
/// <param name="SourceName">Where it came from (the file name, or what the publisher named it).</param>
/// <param name="IsCurrent">True for the version calls start on.</param>
public sealed record FlowVersion(
    string FlowId,
    int Version,
    string Yaml,
    string SourceName,
    DateTimeOffset PublishedAt,
    string PublishedBy,
    string? Comment,
    bool IsCurrent)
{
    /// <summary>Menu or survey (every version of a flow has its flow's kind).</summary>
    public DefinitionKind Kind { get; init; }
}
