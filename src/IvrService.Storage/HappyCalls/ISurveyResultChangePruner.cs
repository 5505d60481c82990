namespace IvrService.Storage.HappyCalls;

/// <summary>
/// Retention of the change table (<c>survey_result_changes</c>): deletes the oldest changes one small batch at a
/// time. A batch removes a run from the lowest position up and stops before the first change made at or after the
/// cut-off and before the newest change (so the stream's head stays known); it records the highest position deleted
/// (<see cref="IHappyCallStore.GetPrunedThroughAsync"/>). It never takes the lock writers draw positions under, and
/// pruners on several instances take turns through an advisory try-lock.
/// </summary>
public interface ISurveyResultChangePruner
{
    /// <summary>
    /// Deletes at most <paramref name="limit"/> of the oldest changes made before <paramref name="changedBefore"/>
    /// in one short transaction. Returns how many were deleted (fewer than the limit: nothing older is left), or null
    /// when another pruner holds the retention lock.
    /// </summary>
    Task<int?> PruneAsync(DateTimeOffset changedBefore, int limit, CancellationToken cancellationToken);
}
