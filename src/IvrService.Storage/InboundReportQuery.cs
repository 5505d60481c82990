namespace IvrService.Storage;

/// <summary>
/// What an inbound report counts: inbound calls offered between the first and the last of
/// <paramref name="Boundaries"/>, each in the period [Boundaries[i], Boundaries[i + 1]) of its offer time.
/// </summary>
/// <param name="Boundaries">Two or more strictly increasing instants: the periods' starts and the range's end.</param>
/// <param name="Called">Only calls to this number (To user part); null: all.</param>
/// <param name="FlowId">Only calls that ran this menu; null: all.</param>
/// <param name="MenuNodeId">Only the options of this menu node in the menu counts; null: every menu node.</param>
public sealed record InboundReportQuery(
    IReadOnlyList<DateTimeOffset> Boundaries,
    string? Called = null,
    string? FlowId = null,
    string? MenuNodeId = null)
{
    /// <summary>The number of periods (one fewer than the boundaries).</summary>
    public int PeriodCount => Boundaries.Count - 1;
}
