using IvrService.Flows.Definitions;
using IvrService.Flows.Tests.Speaking;

namespace IvrService.Flows.Tests.Definitions;

/// <summary>The shipped after-sales menu and prompt files, read in place from the repository.</summary>
public sealed class SampleMenuTests
{
    private static readonly string PromptsRoot = PromptTexts.RepositoryFile("prompts");

    [Fact]
    public async Task LoadFileAsync_LoadsWithoutProblems_WhenTheOperatorIsConfigured()
    {
        var context = new FlowValidationContext(
            PromptCatalog.Load(PromptsRoot),
            new Dictionary<string, string> { ["operator"] = "sip:operator@192.0.2.10" });

        var result = await FlowDefinitionLoader.LoadFileAsync(Path.Combine(PromptsRoot, "menus", "after-sales.yaml"), context, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Problems));
        var flow = result.Definition!;
        Assert.Equal(("after-sales", "fa", "greeting"), (flow.Id, flow.DefaultLanguage, flow.StartNodeId));
        var main = Assert.IsType<MenuNode>(flow.Nodes["main"]);
        Assert.Equal(["1", "2", "3", "0", "9"], main.Options.Keys.Select(k => k.ToString()));
        Assert.Equal("en", Assert.IsType<LanguageNode>(flow.Nodes[main.Options['9']]).Language);
        Assert.Equal(TransferMode.Refer, Assert.IsType<TransferNode>(flow.Nodes[main.Options['0']]).Mode);
        var hours = Assert.IsType<HoursNode>(flow.Nodes["opening_hours"]);
        Assert.Contains(new DateOnly(2026, 3, 21), hours.Schedule.Holidays);
        Assert.Empty(hours.Schedule.Week[DayOfWeek.Friday]);
    }

    [Fact]
    public async Task LoadFileAsync_ReportsTheOperator_WhenTheAllowListIsEmpty()
    {
        var context = new FlowValidationContext(PromptCatalog.Load(PromptsRoot), new Dictionary<string, string>());

        var result = await FlowDefinitionLoader.LoadFileAsync(Path.Combine(PromptsRoot, "menus", "after-sales.yaml"), context, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        var problem = Assert.Single(result.Problems);
        Assert.Equal(("nodes.operator.destination", "transfer destination 'operator' is not on the allow-list (the allow-list is empty)"), (problem.NodePath, problem.Reason));
    }

    [Theory]
    [InlineData("registered")]
    [InlineData("scheduled")]
    [InlineData("in_progress")]
    [InlineData("waiting_parts")]
    [InlineData("completed")]
    [InlineData("cancelled")]
    public void Load_HasStatusTextInBothLanguages_ForEveryRequestStatus(string status)
    {
        var catalog = PromptCatalog.Load(PromptsRoot);

        Assert.True(catalog.TryGetText("fa", $"status.{status}", out var persian));
        Assert.True(catalog.TryGetText("en", $"status.{status}", out var english));
        Assert.NotEqual(persian, english);
    }
}
