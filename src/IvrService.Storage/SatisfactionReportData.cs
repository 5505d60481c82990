namespace IvrService.Storage;

/// <summary>
/// A satisfaction report as counted by the database: the groups of every period that has results, ordered by period
/// then group key, followed by each group over the whole range (<see cref="SatisfactionGroupCounts.Period"/> null).
/// </summary>
public sealed record SatisfactionReportData(IReadOnlyList<SatisfactionGroupCounts> Groups);
