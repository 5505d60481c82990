using IvrService.Flows.Definitions;
using IvrService.Flows.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace IvrService.Flows.Tests.Engine;

/// <summary>
/// Runs the engine on the simulator's port with a fake clock that a silent caller moves on in 100 ms steps,
/// and the transcript journal; builds small flows in code.
/// </summary>
internal sealed class EngineHarness
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public static readonly DateTimeOffset Start = new(2025, 3, 1, 6, 30, 0, TimeSpan.Zero);

    private static readonly string[] Keys =
    [
        "main", "sub", "menu", "invalid", "timeout", "bye", "enter", "thanks", "beep", "hold", "your_status", "not_found",
        "created", "status.in_progress", "status.scheduled", "status.completed", "status.unknown", "open", "closed", "holiday",
    ];

    public FakeTimeProvider Time { get; } = new(Start);

    public SimulatedFlowServices Services { get; } = new();

    public StringWriter Output { get; } = new();

    public Dictionary<string, string> Destinations { get; } = new() { ["operator"] = "sip:operator@pbx.example.com" };

    public SimulationTranscript Journal { get; private set; } = null!;

    public SimulatedCallPort Port { get; private set; } = null!;

    public IReadOnlyList<FlowStep> Steps => Journal.Steps;

    public static PromptCatalog Catalog()
    {
        var texts = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var language in new[] { "fa", "en" })
        {
            var byKey = new Dictionary<string, string>();
            foreach (var key in Keys.Concat(IvrService.Flows.Speaking.SpokenForms.Keys))
            {
                byKey[key] = $"{language}:{key}";
            }

            texts[language] = byKey;
        }

        return PromptCatalog.Create(texts);
    }

    public static FlowDefinition Flow(string start, params FlowNode[] nodes) =>
        new("test", "test.yaml", ["fa", "en"], start, nodes.ToDictionary(node => node.Id));

    public static PromptSequence Say(params string[] keys) => new([.. keys.Select(key => (PromptItem)new PromptKeyItem(key))]);

    public static RetryPolicy Retry(int attempts = 3, string? after = "bye") => new(Say("invalid"), Say("timeout"), attempts, after);

    public static MenuNode Menu(string id, params (char Key, string Target)[] options) =>
        new(id, Say(id), options.ToDictionary(option => option.Key, option => option.Target), TimeSpan.FromSeconds(5), Retry());

    public static HangupNode Bye(FlowResult outcome = FlowResult.Completed) => new("bye", Say("bye"), outcome);

    /// <summary>Runs the flow; <paramref name="script"/> as for <c>--digits</c>, null for a caller who hangs up at once.</summary>
    public async Task<FlowOutcome> RunAsync(
        FlowDefinition flow,
        string? script,
        string? language = null,
        TransferResult? transfer = null,
        IFlowServices? services = null)
    {
        Journal = new SimulationTranscript(Output);
        Port = new SimulatedCallPort(script is null ? CallerScript.FromGroups() : CallerScript.Parse(script), LetTimePass, "09121234567", "100", "call-1")
        {
            Heard = Journal.Heard,
            TransferResult = transfer ?? new TransferResult(true, 202, "Accepted"),
        };
        var context = new FlowRunContext(flow, 1, Catalog(), Port, services ?? Services, Journal, Destinations) { Language = language };
        return await new FlowEngine(Time).RunAsync(context, Port.CallToken).WaitAsync(Wait);
    }

    /// <summary>The steps of a kind, as "node:detail".</summary>
    public List<string> StepsOf(FlowStepKind kind) =>
        [.. Steps.Where(step => step.Kind == kind).Select(step => $"{step.NodeId}:{step.Detail}")];

    public List<string> HeardKeys() => [.. Port.Played.Select(clip => clip.Key)];

    private bool LetTimePass()
    {
        Time.Advance(TimeSpan.FromMilliseconds(100));
        return true;
    }
}
