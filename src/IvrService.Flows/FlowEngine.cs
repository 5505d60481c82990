using IvrService.Flows.Definitions;

namespace IvrService.Flows;

/// <summary>Everything one run of a flow on one call needs.</summary>
public sealed record FlowRunContext(
    FlowDefinition Flow,
    int Version,
    PromptCatalog Prompts,
    ICallPort Port,
    IFlowServices Services,
    IFlowJournal Journal,
    IReadOnlyDictionary<string, string> TransferDestinations)
{
    /// <summary>The language to start in; the flow's default when null.</summary>
    public string? Language { get; init; }
}

/// <summary>Runs a flow on a call through its port, writing each step to the journal as it happens.</summary>
public sealed class FlowEngine
{
    private readonly TimeProvider _time;

    public FlowEngine(TimeProvider time) => _time = time;

    public TimeProvider Time => _time;

    public Task<FlowOutcome> RunAsync(FlowRunContext context, CancellationToken cancellationToken) => throw new NotImplementedException();
}
