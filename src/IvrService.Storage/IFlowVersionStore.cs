namespace IvrService.Storage;

/// <summary>
/// Menu and survey definitions as immutable numbered versions, one current per flow; a flow id is one kind for good
/// (the kind its first version was stored as). Publishing is atomic (the new
/// version becomes current in the same transaction); calls in progress keep the definition they started
/// with because a version never changes. Validating the YAML is the caller's job.
/// </summary>
public interface IFlowVersionStore
{
    /// <summary>
    /// Stores each file as version 1 of its flow (of the file's kind), and makes it current, when the flow has no version yet.
    /// Returns the ids of the flows it seeded.
    /// </summary>
    Task<IReadOnlyList<string>> SeedAsync(IReadOnlyList<FlowSeedFile> files, CancellationToken cancellationToken);

    /// <summary>Stores a new version (the latest plus one) and makes it current; returns it.</summary>
    Task<FlowVersion> PublishAsync(
        string flowId, string yaml, string sourceName, string publishedBy, string? comment, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="PublishAsync(string, string, string, string, string?, CancellationToken)"/>, but only while
    /// <paramref name="expectedCurrentVersion"/> (when given) is current, else <see cref="FlowVersionConflictException"/>
    /// and nothing is stored; and writes <paramref name="audit"/> (with the new version) in the same transaction.
    /// </summary>
    Task<FlowVersion> PublishAsync(
        string flowId, string yaml, string sourceName, string publishedBy, string? comment, int? expectedCurrentVersion,
        AdminAuditEntry? audit, CancellationToken cancellationToken);

    /// <summary>
    /// Like the publish above, storing a flow of <paramref name="kind"/>: when the flow id is stored as the other kind,
    /// <see cref="FlowKindMismatchException"/> and nothing is stored. The overloads without a kind publish menus.
    /// </summary>
    Task<FlowVersion> PublishAsync(
        DefinitionKind kind, string flowId, string yaml, string sourceName, string publishedBy, string? comment, int? expectedCurrentVersion,
        AdminAuditEntry? audit, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="RollbackAsync(string, int, CancellationToken)"/>, writing <paramref name="audit"/> in the same
    /// transaction, with the version made current and its detail prefixed by <c>from version &lt;previous&gt;</c>.
    /// Returns the version now current and the one that was current before.
    /// </summary>
    Task<(FlowVersion Current, int PreviousVersion)> RollbackAsync(
        string flowId, int version, AdminAuditEntry? audit, CancellationToken cancellationToken);

    /// <summary>Makes an earlier (or any stored) version current; <see cref="FlowVersionNotFoundException"/> when absent.</summary>
    Task<FlowVersion> RollbackAsync(string flowId, int version, CancellationToken cancellationToken);

    /// <summary>The current version of the flow, or null when the flow is not stored.</summary>
    Task<FlowVersion?> GetCurrentAsync(string flowId, CancellationToken cancellationToken);

    /// <summary>Only the number of the current version (a cheap query for every call), or null.</summary>
    Task<int?> GetCurrentVersionNumberAsync(string flowId, CancellationToken cancellationToken);

    Task<FlowVersion?> GetAsync(string flowId, int version, CancellationToken cancellationToken);

    /// <summary>Every version of the flow, newest first.</summary>
    Task<IReadOnlyList<FlowVersion>> ListVersionsAsync(string flowId, CancellationToken cancellationToken);

    /// <summary>Every stored flow, menus and surveys, by id.</summary>
    Task<IReadOnlyList<FlowSummary>> ListFlowsAsync(CancellationToken cancellationToken);

    /// <summary>The stored flows of one kind, by id.</summary>
    Task<IReadOnlyList<FlowSummary>> ListFlowsAsync(DefinitionKind kind, CancellationToken cancellationToken);

    /// <summary>The kind a flow is stored as, or null when the flow is not stored.</summary>
    Task<DefinitionKind?> GetKindAsync(string flowId, CancellationToken cancellationToken);
}
