using IvrService.Flows.Surveys.Internal;

namespace IvrService.Flows.Surveys;

/// <summary>Everything one run of a survey on one call needs.</summary>
public sealed record SurveyRunContext(
    SurveyDefinition Survey,
    int Version,
    PromptCatalog Prompts,
    ICallPort Port,
    ISurveyJournal Journal)
{
    /// <summary>The language to run in (the customer's); the survey's default when null or not one of its languages.</summary>
    public string? Language { get; init; }

    /// <summary>
    /// Question ids (and <c>comment</c>) answered on an earlier attempt: a completion retry says the intro and
    /// then asks only the others.
    /// </summary>
    public IReadOnlyCollection<string> AlreadyAnswered { get; init; } = [];

    /// <summary>Skip the start gate (e.g. the customer called in and is known to be a person).</summary>
    public bool SkipStartGate { get; init; }
}

/// <summary>Runs a survey on a call through the same port the menus use, journaling each answer as it is given.</summary>
public sealed class SurveyEngine
{
    private readonly TimeProvider _time;

    public SurveyEngine(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <summary>
    /// Says the intro, the opt-out offer and the start gate, asks the questions not already answered, records the
    /// comment and says the closing, then hangs up. The caller hanging up (cancellation of
    /// <paramref name="cancellationToken"/>) ends the run with what was answered kept: answers are journaled the
    /// moment they are given. The outcome step is the last one written. A journal or port that fails (other than
    /// by the hang-up) makes this method throw: an answer that could not be written must not pass for written.
    /// </summary>
    public Task<SurveyRunOutcome> RunAsync(SurveyRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new SurveyRun(context, _time, cancellationToken).RunAsync();
    }
}
