namespace IvrService.Flows.Surveys;

/// <summary>
/// One answer as given: the question, its kind, the value (the rating, the score, 1 for yes and 0 for no, or the
/// choice's key digit), the choice's id for a choice question, the keys pressed (<c>10#</c>), when, and whether
/// it is at or under the question's escalation threshold.
/// </summary>
public sealed record SurveyAnswer(
    string QuestionId,
    SurveyQuestionKind Kind,
    int Value,
    string? ChoiceId,
    string Digits,
    DateTimeOffset AnsweredAt,
    bool Escalates);
