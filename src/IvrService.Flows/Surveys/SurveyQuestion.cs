using IvrService.Flows.Definitions;

namespace IvrService.Flows.Surveys;

/// <summary>
/// One question: its id (what answers are stored under), how it is answered, what is said to ask it, and for
/// rating and score questions the threshold at or under which an answer escalates.
/// </summary>
public sealed record SurveyQuestion(string Id, SurveyQuestionKind Kind, PromptSequence Prompt)
{
    /// <summary>The choices of a <see cref="SurveyQuestionKind.Choice"/> question, said after its prompt in order; empty otherwise.</summary>
    public IReadOnlyList<SurveyChoice> Choices { get; init; } = [];

    /// <summary>An answer at or under this value escalates (rating and score questions only); null for never.</summary>
    public int? EscalateAt { get; init; }

    public SourceLocation Location { get; init; }
}

/// <summary>One choice of a choice question: the key (1-9) that picks it, its id as stored, and what is said for it.</summary>
public sealed record SurveyChoice(char Key, string Id, PromptSequence Prompt);
