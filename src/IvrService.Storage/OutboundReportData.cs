namespace IvrService.Storage;

/// <summary>
/// An outbound report as counted by the database: the groups of every period that has attempts, ordered by period
/// then group key, followed by each group over the whole range (<see cref="OutboundGroupCounts.Period"/> null).
/// </summary>
public sealed record OutboundReportData(IReadOnlyList<OutboundGroupCounts> Groups);
