namespace IvrService.Storage;

/// <summary>The answers to one rating (1–5) or score (0–10) question of the results of a report row.</summary>
/// <param name="Kind"><c>rating</c> or <c>score</c>.</param>
/// <param name="Answers">Answers given.</param>
/// <param name="Average">Their average value.</param>
/// <param name="Satisfied">Ratings of 4 or 5 (0 for a score question).</param>
/// <param name="Promoters">Scores of 9 or 10 (0 for a rating question).</param>
/// <param name="Detractors">Scores of 0 to 6 (0 for a rating question).</param>
public sealed record QuestionCounts(string QuestionId, string Kind, long Answers, double Average, long Satisfied, long Promoters, long Detractors);
