using IvrService.Flows.Simulation;
using IvrService.Flows.Surveys;
using Microsoft.Extensions.Time.Testing;

namespace IvrService.Flows.Tests.Surveys;

/// <summary>
/// Runs the survey engine on the simulator's port with a fake clock that a silent customer moves on in 100 ms
/// steps. A script has one comma-separated group of keys per input the engine waits for: the intro, the opt-out
/// offer, the start gate, each try of a question (its prompt), and the comment's recording.
/// </summary>
internal sealed class SurveyHarness
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public static readonly DateTimeOffset Start = new(2025, 3, 1, 6, 30, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);

    public SurveyLog Journal { get; } = new();

    public SimulatedCallPort Port { get; private set; } = null!;

    /// <summary>Runs the survey; <paramref name="script"/> as for <c>--digits</c>.</summary>
    public async Task<SurveyRunOutcome> RunAsync(
        SurveyDefinition survey,
        string script,
        string? language = null,
        IReadOnlyCollection<string>? alreadyAnswered = null,
        bool skipStartGate = false)
    {
        Port = new SimulatedCallPort(CallerScript.Parse(script), LetTimePass, "100", "09121234567", "call-1");
        var context = new SurveyRunContext(survey, 3, SurveyFixtures.Catalog(), Port, Journal)
        {
            Language = language,
            AlreadyAnswered = alreadyAnswered ?? [],
            SkipStartGate = skipStartGate,
        };
        return await new SurveyEngine(Time).RunAsync(context, Port.CallToken).WaitAsync(Wait);
    }

    public List<string> HeardKeys() => [.. Port.Played.Select(clip => clip.Key)];

    /// <summary>The answers as "question=value" (with "/choice" for a choice).</summary>
    public List<string> Answers() =>
        [.. Journal.Answers.Select(answer => answer.ChoiceId is null ? $"{answer.QuestionId}={answer.Value}" : $"{answer.QuestionId}={answer.Value}/{answer.ChoiceId}")];

    private bool LetTimePass()
    {
        Time.Advance(TimeSpan.FromMilliseconds(100));
        return true;
    }
}
