using IvrService.Flows;

namespace IvrService.Storage;

/// <summary>One stored step of a call's path through its menu, in the order it happened (<see cref="Seq"/>).</summary>
public sealed record CallStep(
    string CallId,
    int Seq,
    DateTimeOffset At,
    string NodeId,
    FlowStepKind Kind,
    string? Detail,
    string FlowId,
    int FlowVersion);
