namespace IvrService.Flows;

/// <summary>
/// Where the engine writes each step as it happens (node entered, prompt played, keys, outcome), so a call's
/// path through the menu survives a crash. The host writes to PostgreSQL; the simulator prints a transcript.
/// </summary>
public interface IFlowJournal
{
    Task WriteAsync(FlowStep step, CancellationToken cancellationToken);
}
