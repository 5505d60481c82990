namespace IvrService.Storage;

/// <summary>
/// The outbound figures of one group in one period (or, with <paramref name="Period"/> null, over the whole range).
/// </summary>
/// <param name="Period">The 0-based period index; null for the whole range.</param>
/// <param name="GroupKey">The technician id or service type; empty without grouping.</param>
/// <param name="GroupName">The technician's name when grouped by technician; else empty.</param>
/// <param name="HappyCalls">Happy calls with at least one attempt claimed in the period.</param>
/// <param name="Attempts">Attempts claimed in the period (those refused by the do-not-call list included).</param>
/// <param name="Reached">Happy calls with an attempt in the period answered by a person (completed, unfinished or opted out).</param>
public sealed record OutboundGroupCounts(
    int? Period,
    string GroupKey,
    string GroupName,
    long HappyCalls,
    long Attempts,
    long Reached)
{
    /// <summary>Attempts per outcome (snake_case as stored; <c>in_progress</c> for attempts not ended), by name.</summary>
    public IReadOnlyList<NamedCount> Outcomes { get; init; } = [];

    /// <summary>
    /// The happy calls counted in <see cref="HappyCalls"/> by where they stand now: their survey outcome once final
    /// (completed, partial, opted_out, declined, unreached, cancelled, do_not_call), else their state (pending,
    /// in_progress), by name.
    /// </summary>
    public IReadOnlyList<NamedCount> Results { get; init; } = [];
}
