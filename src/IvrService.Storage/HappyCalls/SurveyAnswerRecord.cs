namespace IvrService.Storage.HappyCalls;

/// <summary>
/// One answer as stored the moment it was given (<c>survey_answers</c>). <paramref name="Kind"/> is the question
/// kind's name (rating, yes_no, score, choice); <paramref name="Value"/> the rating, score, 1/0 for yes/no or the
/// choice's key digit; a question answered again (on a completion retry) replaces the earlier answer.
/// </summary>
public sealed record SurveyAnswerRecord(
    string QuestionId,
    string Kind,
    int Value,
    string? ChoiceId,
    string Digits,
    CallDigitMethod Method,
    DateTimeOffset AnsweredAt,
    int Attempt);
