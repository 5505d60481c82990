using IvrService.Flows.Definitions;
using IvrService.Flows.Simulation.Internal;

namespace IvrService.Flows.Simulation;

/// <summary>
/// Runs a flow with the real engine on a simulated call: a scripted caller, in-memory data, a virtual clock
/// (timeouts pass at once), and a transcript of what the caller hears and the path taken.
/// </summary>
public static class FlowSimulator
{
    public static async Task<SimulationResult> RunAsync(
        FlowDefinition flow,
        PromptCatalog prompts,
        CallerScript script,
        IFlowServices services,
        SimulationOptions options,
        TextWriter output,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var clock = new VirtualTimeProvider(options.StartTime ?? TimeProvider.System.GetUtcNow());
        var transcript = new SimulationTranscript(output);
        using var port = new SimulatedCallPort(script, clock.AdvanceToNextTimer, options.CallerNumber, options.CalledNumber)
        {
            Heard = transcript.Heard,
            TransferResult = options.TransferResult,
        };
        await using var stop = cancellationToken.Register(port.HangUpCaller);
        var context = new FlowRunContext(flow, 1, prompts, port, services, transcript, options.TransferDestinations)
        {
            Language = options.Language,
        };
        var outcome = await new FlowEngine(clock).RunAsync(context, port.CallToken);
        await output.WriteLineAsync(transcript.PathLine().AsMemory(), CancellationToken.None);
        return new SimulationResult(outcome, transcript.Path, transcript.Steps);
    }
}
