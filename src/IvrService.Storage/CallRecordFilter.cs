using IvrService.Flows;

namespace IvrService.Storage;

/// <summary>
/// Which call records a paged listing returns; every criterion left null or empty matches everything, and
/// the criteria combine with AND.
/// </summary>
/// <param name="Direction">Only calls of this direction.</param>
/// <param name="OfferedFrom">Only calls offered at or after this instant.</param>
/// <param name="OfferedBefore">Only calls offered before this instant.</param>
/// <param name="Caller">Only calls whose caller (From user part) is exactly this.</param>
/// <param name="EndReasons">Only calls that ended for one of these reasons.</param>
/// <param name="FlowResults">Only calls whose menu run ended with one of these results.</param>
/// <param name="EnteredNodeId">Only calls whose path through the menu entered this node (a menu option's target).</param>
public sealed record CallRecordFilter(
    CallDirection? Direction = null,
    DateTimeOffset? OfferedFrom = null,
    DateTimeOffset? OfferedBefore = null,
    string? Caller = null,
    IReadOnlyList<CallEndReason>? EndReasons = null,
    IReadOnlyList<FlowResult>? FlowResults = null,
    string? EnteredNodeId = null);
