namespace IvrService.Api.Tests;

/// <summary>Survey definitions for publishing: the shipped after-service survey under a fresh id, and a broken variant.</summary>
internal static class TestSurveys
{
    private const string ShippedId = "id: after-service";

    public static string NewSurveyId() => "survey-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The shipped survey (it loads against the shipped prompts) with id <paramref name="surveyId"/>.</summary>
    public static string Valid(string surveyId, string title = "After-service survey")
    {
        var yaml = File.ReadAllText(Path.Combine(ApiServerFixture.PromptsDirectory, "surveys", "after-service.yaml"));
        Assert.Contains(ShippedId, yaml, StringComparison.Ordinal);
        return yaml.Replace(ShippedId, "id: " + surveyId, StringComparison.Ordinal)
            .Replace("title: After-service survey", "title: " + title, StringComparison.Ordinal);
    }

    /// <summary>The survey with its first question's prompt renamed to one the catalog lacks (<c>survey.nowhere</c>).</summary>
    public static string UnknownPrompt(string surveyId)
    {
        const string Prompt = "prompt: survey.technician";
        var yaml = Valid(surveyId);
        Assert.Contains(Prompt, yaml, StringComparison.Ordinal);
        return yaml.Replace(Prompt, "prompt: survey.nowhere", StringComparison.Ordinal);
    }
}
