namespace IvrService.Flows.Surveys;

/// <summary>
/// A survey as loaded from one YAML file in <c>prompts/surveys/</c>: its languages (the first is the default),
/// how long it waits for keys, how many tries a question gets, what it says, and its questions in order.
/// Immutable: a published version never changes.
/// </summary>
public sealed record SurveyDefinition(
    string Id,
    string SourceName,
    IReadOnlyList<string> Languages,
    TimeSpan FirstDigitTimeout,
    TimeSpan InterDigitTimeout,
    int Attempts,
    SurveyPrompts Prompts,
    IReadOnlyList<SurveyQuestion> Questions)
{
    public string? Title { get; init; }

    /// <summary>The "press 1 to start" gate; null when the survey starts after the intro.</summary>
    public SurveyStartGate? StartGate { get; init; }

    /// <summary>The opt-out key and its prompts; null when the survey offers none.</summary>
    public SurveyOptOut? OptOut { get; init; }

    /// <summary>The voice comment after the last question; null when the survey asks for none.</summary>
    public SurveyComment? Comment { get; init; }

    public string DefaultLanguage => Languages[0];
}
