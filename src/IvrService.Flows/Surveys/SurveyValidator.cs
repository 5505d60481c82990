namespace IvrService.Flows.Surveys;

/// <summary>
/// Checks survey definitions against the prompt catalog the running service has, so the API's Validate and
/// Publish judge a survey exactly as a happy call would load it.
/// </summary>
public sealed class SurveyValidator
{
    private readonly PromptCatalog _prompts;

    public SurveyValidator(PromptCatalog prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        _prompts = prompts;
    }

    /// <summary>Every problem of <paramref name="yaml"/> (named <paramref name="sourceName"/> in the problems); never throws on bad input.</summary>
    public SurveyLoadResult Validate(string yaml, string sourceName) => SurveyDefinitionLoader.Load(yaml, sourceName, _prompts);
}
