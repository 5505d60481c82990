namespace IvrService.Flows;

public enum FlowStepKind
{
    NodeEntered,
    PromptPlayed,
    Digits,
    NoInput,
    InvalidInput,
    LanguageChanged,
    VariableSet,
    Recorded,
    Transfer,
    Callback,
    ServiceRequestCreated,
    Outcome,
}

/// <summary>One step of a call's path through a flow: when, at which node, what happened, with what detail.</summary>
public sealed record FlowStep(DateTimeOffset At, string NodeId, FlowStepKind Kind, string? Detail);
