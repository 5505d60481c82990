using IvrService.Flows.Definitions;
using IvrService.Flows.Internal;

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

    /// <summary>
    /// Runs the flow until it hangs up, transfers, gives up or the caller hangs up (cancellation of
    /// <paramref name="cancellationToken"/>). Never throws for a failure on the way: a data store or port error
    /// ends the run <see cref="FlowResult.Failed"/> with the exception in <see cref="FlowOutcome.Error"/>. The
    /// outcome step is the last one written, also after the caller hung up (only a journal that fails to write it
    /// makes this method throw).
    /// </summary>
    public Task<FlowOutcome> RunAsync(FlowRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new FlowRun(context, _time, cancellationToken).RunAsync();
    }
}
