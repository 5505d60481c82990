namespace IvrService.Flows.Simulation;

/// <summary>
/// The journal of a simulated call written as a transcript: nodes entered (<c>[main] menu</c>), what the
/// caller hears (<c>  ♪ fa: …</c>), keys (<c>  ⌨ 2</c>), timeouts, variables, and the outcome line last.
/// </summary>
public sealed class SimulationTranscript : IFlowJournal
{
    private readonly TextWriter _output;
    private readonly List<string> _path = [];
    private readonly List<FlowStep> _steps = [];
    private readonly System.Text.StringBuilder _spoken = new();
    private string? _spokenLanguage;

    public SimulationTranscript(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>The nodes entered, in order.</summary>
    public IReadOnlyList<string> Path => _path;

    public IReadOnlyList<FlowStep> Steps => _steps;

    /// <summary>
    /// Writes a clip the caller hears. Consecutive fragments of a spoken number, digit string, date or amount
    /// (keys <c>number.*</c>, <c>digit.*</c>, <c>ordinal.*</c>, <c>month.*</c>, <c>word.*</c>, <c>currency.*</c>)
    /// share one line, as the caller hears them.
    /// </summary>
    public void Heard(PromptClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (!IsFragment(clip.Key))
        {
            FlushSpoken();
            _output.WriteLine($"  ♪ {clip.Language}: {clip.Text}");
            return;
        }

        if (_spokenLanguage != clip.Language)
        {
            FlushSpoken();
            _spokenLanguage = clip.Language;
        }

        _spoken.Append(_spoken.Length == 0 ? $"  ♪ {clip.Language}: " : " ").Append(clip.Text);
    }

    public Task WriteAsync(FlowStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        FlushSpoken();
        _steps.Add(step);
        if (step.Kind == FlowStepKind.NodeEntered)
        {
            _path.Add(step.NodeId);
        }

        if (Line(step) is { } line)
        {
            _output.WriteLine(line);
        }

        return Task.CompletedTask;
    }

    private static bool IsFragment(string key) =>
        key.StartsWith("number.", StringComparison.Ordinal) || key.StartsWith("digit.", StringComparison.Ordinal)
        || key.StartsWith("ordinal.", StringComparison.Ordinal) || key.StartsWith("month.", StringComparison.Ordinal)
        || key.StartsWith("word.", StringComparison.Ordinal) || key.StartsWith("currency.", StringComparison.Ordinal);

    private void FlushSpoken()
    {
        if (_spoken.Length > 0)
        {
            _output.WriteLine(_spoken.ToString());
            _spoken.Clear();
        }

        _spokenLanguage = null;
    }

    /// <summary>The path as one line: <c>path: main → follow_up → status</c>.</summary>
    public string PathLine() => "path: " + string.Join(" → ", _path);

    private static string? Line(FlowStep step) => step.Kind switch
    {
        FlowStepKind.NodeEntered => $"[{step.NodeId}] {step.Detail}",
        FlowStepKind.PromptPlayed => null,
        FlowStepKind.Digits => $"  ⌨ {step.Detail}",
        FlowStepKind.NoInput => $"  ⏱ {step.Detail}",
        FlowStepKind.InvalidInput => $"  ✗ invalid: {step.Detail}",
        FlowStepKind.LanguageChanged => $"  ⇄ language: {step.Detail}",
        FlowStepKind.VariableSet => $"  ≔ {Assignment(step.Detail)}",
        FlowStepKind.Recorded => $"  ● recorded {step.Detail}",
        FlowStepKind.Transfer => $"  ☎ transfer {step.Detail}",
        FlowStepKind.Callback => $"  ☏ callback {step.Detail}",
        FlowStepKind.ServiceRequestCreated => $"  ✚ service request {step.Detail}",
        FlowStepKind.Outcome => $"→ outcome: {step.Detail}",
        _ => $"  {step.Kind}: {step.Detail}",
    };

    private static string Assignment(string? detail)
    {
        if (detail is null)
        {
            return string.Empty;
        }

        var equals = detail.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? detail : $"{detail[..equals]} = {detail[(equals + 1)..]}";
    }
}
