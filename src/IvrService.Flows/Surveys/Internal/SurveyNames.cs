namespace IvrService.Flows.Surveys.Internal;

/// <summary>The names question kinds have in definitions and steps, and the names the survey's own parts take.</summary>
internal static class SurveyNames
{
    public static readonly IReadOnlyDictionary<string, SurveyQuestionKind> Kinds = new Dictionary<string, SurveyQuestionKind>(StringComparer.Ordinal)
    {
        ["rating"] = SurveyQuestionKind.Rating,
        ["yes_no"] = SurveyQuestionKind.YesNo,
        ["score"] = SurveyQuestionKind.Score,
        ["choice"] = SurveyQuestionKind.Choice,
    };

    public const string Intro = "intro";
    public const string StartGate = "start_gate";
    public const string OptOut = "opt_out";
    public const string Closing = "closing";

    /// <summary>Names the steps of a run use for the parts around the questions; no question may take one.</summary>
    public static readonly IReadOnlyList<string> Reserved = [Intro, StartGate, OptOut, SurveyComment.Id, Closing];

    public static string Kind(SurveyQuestionKind kind) => kind switch
    {
        SurveyQuestionKind.Rating => "rating",
        SurveyQuestionKind.YesNo => "yes_no",
        SurveyQuestionKind.Score => "score",
        _ => "choice",
    };

    /// <summary>The keys that answer a single-key question (rating, yes/no, choice); all digits for a score.</summary>
    public static string AnswerKeys(SurveyQuestion question) => question.Kind switch
    {
        SurveyQuestionKind.Rating => "12345",
        SurveyQuestionKind.YesNo => "12",
        SurveyQuestionKind.Score => "0123456789",
        _ => string.Concat(question.Choices.Select(choice => choice.Key)),
    };
}
