using IvrService.Flows.Surveys;
using IvrService.Flows.Tests.Speaking;

namespace IvrService.Flows.Tests.Surveys;

/// <summary>The shipped after-service survey, read in place from the repository with the shipped prompts.</summary>
public sealed class SampleSurveyTests
{
    private static readonly string PromptsRoot = PromptTexts.RepositoryFile("prompts");

    [Fact]
    public async Task LoadFileAsync_LoadsWithoutProblems_WithTheShippedPrompts()
    {
        var catalog = PromptCatalog.Load(PromptsRoot);

        var result = await SurveyDefinitionLoader.LoadFileAsync(Path.Combine(PromptsRoot, "surveys", "after-service.yaml"), catalog, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Problems));
        var survey = result.Definition!;
        Assert.Equal(("after-service", "fa"), (survey.Id, survey.DefaultLanguage));
        Assert.Equal(["fa", "en"], survey.Languages);
        Assert.Equal(
            [("technician", SurveyQuestionKind.Rating, 2), ("punctuality", SurveyQuestionKind.YesNo, null), ("recommend", SurveyQuestionKind.Score, 6), ("solved", SurveyQuestionKind.Choice, null)],
            survey.Questions.Select(q => (q.Id, q.Kind, q.EscalateAt)));
        Assert.Equal(["1:fully", "2:partly", "3:not_solved"], survey.Questions[3].Choices.Select(c => $"{c.Key}:{c.Id}"));
        Assert.Equal(('9', '1'), (survey.OptOut!.Key, survey.StartGate!.Key));
        Assert.NotNull(survey.Comment);
    }

    [Fact]
    public void Load_OffersOptOutInTheIssuesWords_InPersian()
    {
        var catalog = PromptCatalog.Load(PromptsRoot);

        Assert.True(catalog.TryGetText("fa", "survey.opt_out", out var persian));
        Assert.Equal("برای عدم دریافت تماس‌های بعدی ۹ را فشار دهید.", persian);
        Assert.True(catalog.TryGetText("en", "survey.opt_out", out var english));
        Assert.Contains("press 9", english, StringComparison.Ordinal);
    }
}
