namespace IvrService.Flows.Surveys;

/// <summary>How a survey question is answered (written in snake case in definitions: <c>yes_no</c>).</summary>
public enum SurveyQuestionKind
{
    /// <summary>One key from 1 to 5.</summary>
    Rating,

    /// <summary>1 for yes (stored 1), 2 for no (stored 0).</summary>
    YesNo,

    /// <summary>0 to 10: one or two digits, then # (or the inter-digit timeout after one digit); two digits end it at once.</summary>
    Score,

    /// <summary>One of the question's choices, each on its own key from 1 to 9.</summary>
    Choice,
}
