namespace IvrService.Storage;

/// <summary>
/// The satisfaction figures of one group in one period (or, with <paramref name="Period"/> null, over the whole range).
/// </summary>
/// <param name="Period">The 0-based period index; null for the whole range.</param>
/// <param name="GroupKey">The technician id or service type; empty without grouping.</param>
/// <param name="GroupName">The technician's name when grouped by technician; else empty.</param>
/// <param name="Surveys">Results that reached a final state other than cancelled in the period.</param>
/// <param name="Responses">Of those, results completed or partial (the customer answered).</param>
/// <param name="Escalations">Of those, escalated results.</param>
public sealed record SatisfactionGroupCounts(
    int? Period,
    string GroupKey,
    string GroupName,
    long Surveys,
    long Responses,
    long Escalations)
{
    /// <summary>The rating and score questions answered in these results, by question id then kind.</summary>
    public IReadOnlyList<QuestionCounts> Questions { get; init; } = [];
}
