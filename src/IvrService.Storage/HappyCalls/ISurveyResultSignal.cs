namespace IvrService.Storage.HappyCalls;

/// <summary>
/// Wakes readers of the change table when a change is committed (PostgreSQL LISTEN on <c>survey_result_changes</c>),
/// from any instance sharing the database. A wake-up says only "look again"; readers always read the table.
/// </summary>
public interface ISurveyResultSignal
{
    /// <summary>Completes when a change is signalled after this call began, or when <paramref name="timeout"/> passes.</summary>
    Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
