namespace IvrService.Storage;

/// <summary>A stored flow: its current version, its latest version and when the current one was chosen.</summary>
public sealed record FlowSummary(string FlowId, int CurrentVersion, int LatestVersion, DateTimeOffset ChangedAt)
{
    /// <summary>Menu or survey.</summary>
    public DefinitionKind Kind { get; init; }
}
