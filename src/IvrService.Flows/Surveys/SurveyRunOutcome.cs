namespace IvrService.Flows.Surveys;

public enum SurveyRunResult
{
    /// <summary>The last question is behind (answered, or skipped after invalid keys on every try).</summary>
    Completed,

    /// <summary>The customer hung up, or gave no key at all on every try of a question, before the last question was behind.</summary>
    Unfinished,

    /// <summary>The customer pressed the opt-out key: no more survey calls.</summary>
    OptedOut,

    /// <summary>The start key was not pressed (likely an answering machine), or the call ended before the gate was passed.</summary>
    NotStarted,
}

/// <summary>
/// How a survey run ended: the result, how many answers this run gave, the last question asked (null when none
/// was), the language, and whether an answer of this run escalates.
/// </summary>
public sealed record SurveyRunOutcome(SurveyRunResult Result, int AnsweredCount, string? LastQuestionId, string Language, bool Escalated)
{
    /// <summary>Why the run ended this way, as written in the outcome step.</summary>
    public string? Detail { get; init; }

    /// <summary>True when the run ended because the customer hung up (not because the survey ended the call).</summary>
    public bool CustomerHungUp { get; init; }
}
