namespace IvrService.Storage;

/// <summary>
/// What an outbound report counts: happy-call attempts claimed between the first and the last of
/// <paramref name="Boundaries"/>, each in the period [Boundaries[i], Boundaries[i + 1]) of its claim time.
/// </summary>
/// <param name="Boundaries">Two or more strictly increasing instants: the periods' starts and the range's end.</param>
/// <param name="GroupBy">The rows' grouping besides the period.</param>
/// <param name="TechnicianId">Only happy calls of this technician; null: all.</param>
/// <param name="ServiceType">Only happy calls of this service type; null: all.</param>
public sealed record OutboundReportQuery(
    IReadOnlyList<DateTimeOffset> Boundaries,
    ReportGroup GroupBy = ReportGroup.None,
    string? TechnicianId = null,
    string? ServiceType = null)
{
    /// <summary>The number of periods (one fewer than the boundaries).</summary>
    public int PeriodCount => Boundaries.Count - 1;
}
