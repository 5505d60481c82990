namespace IvrService.Api.Tests;

/// <summary>Menu definitions for publishing: the shipped after-sales menu under a fresh id, and broken variants of it.</summary>
internal static class TestMenus
{
    private const string ShippedId = "id: after-sales";

    public static string NewFlowId() => "menu-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The shipped menu (it loads against the shipped prompts) with id <paramref name="flowId"/>.</summary>
    public static string Valid(string flowId, string title = "After-sales service line")
    {
        var yaml = File.ReadAllText(Path.Combine(ApiServerFixture.PromptsDirectory, "menus", "after-sales.yaml"));
        Assert.Contains(ShippedId, yaml, StringComparison.Ordinal);
        return yaml.Replace(ShippedId, "id: " + flowId, StringComparison.Ordinal)
            .Replace("title: After-sales service line", "title: " + title, StringComparison.Ordinal);
    }

    /// <summary>The menu with its main options aimed at nodes that do not exist (<c>nowhere</c>, <c>elsewhere</c>).</summary>
    public static string UnknownTargets(string flowId)
    {
        const string Options = "options: { \"1\": report_fault, \"2\": follow_up,";
        var yaml = Valid(flowId);
        Assert.Contains(Options, yaml, StringComparison.Ordinal);
        return yaml.Replace(Options, "options: { \"1\": nowhere, \"2\": elsewhere, \"4\": report_fault, \"5\": follow_up,", StringComparison.Ordinal);
    }

    /// <summary>1-based line of the first line of <paramref name="yaml"/> containing <paramref name="text"/>.</summary>
    public static int LineOf(string yaml, string text) =>
        Array.FindIndex(yaml.Split('\n'), line => line.Contains(text, StringComparison.Ordinal)) + 1;
}
