namespace IvrService.Storage.HappyCalls;

/// <summary>
/// Wakes readers of the change table when a change is committed (PostgreSQL LISTEN on <c>survey_result_changes</c>),
/// from any instance sharing the database. A wake-up says only "look again"; readers always read the table.
/// </summary>
public interface ISurveyResultSignal
{
    /// <summary>Completes when a change is signalled after this call began, or when <paramref name="timeout"/> passes.</summary>
    Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// A number that moves on whenever a result may have changed as far as this instance can know: a notification
    /// arrived, a result change (or another write to a listed field) made by this instance ended its transaction, or
    /// listening began again. Null while nothing listens, since a change made elsewhere would then go unnoticed. The
    /// same value read before and after a read of the results means that in between no change was committed here and
    /// none was notified from elsewhere: what was read is still what this instance would read (caches key on it).
    /// </summary>
    long? ChangeMark { get; }
}
