namespace IvrService.Flows.Simulation;

/// <summary>How a simulated call ended, the nodes it went through, and every step written.</summary>
public sealed record SimulationResult(FlowOutcome Outcome, IReadOnlyList<string> Path, IReadOnlyList<FlowStep> Steps);
