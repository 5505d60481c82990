namespace IvrService.Storage;

/// <summary>
/// What a satisfaction report counts: happy calls that reached a final state other than cancelled (finished,
/// unreached, do-not-call) between the first and the last of <paramref name="Boundaries"/>, each in the period of
/// the time it did (the end of its last attempt).
/// </summary>
/// <param name="Boundaries">Two or more strictly increasing instants: the periods' starts and the range's end.</param>
/// <param name="GroupBy">The rows' grouping besides the period.</param>
/// <param name="SurveyId">Only results of this survey; null: all.</param>
/// <param name="TechnicianId">Only results of this technician; null: all.</param>
/// <param name="ServiceType">Only results of this service type; null: all.</param>
public sealed record SatisfactionReportQuery(
    IReadOnlyList<DateTimeOffset> Boundaries,
    ReportGroup GroupBy = ReportGroup.None,
    string? SurveyId = null,
    string? TechnicianId = null,
    string? ServiceType = null)
{
    /// <summary>The number of periods (one fewer than the boundaries).</summary>
    public int PeriodCount => Boundaries.Count - 1;
}
