namespace IvrService.Storage;

/// <summary>
/// An inbound report as counted by the database: the figures and menu choices of every period (index 0 is the
/// first period; periods without calls have <see cref="InboundPeriodCounts.Empty"/> and no choices) and of the
/// whole range. Menu choices are ordered by flow, menu node, key in keypad order, then target.
/// </summary>
public sealed record InboundReportData(
    IReadOnlyList<InboundPeriodCounts> Periods,
    IReadOnlyList<IReadOnlyList<MenuChoiceCount>> PeriodChoices,
    InboundPeriodCounts Total,
    IReadOnlyList<MenuChoiceCount> TotalChoices);
