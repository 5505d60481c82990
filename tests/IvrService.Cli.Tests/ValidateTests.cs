namespace IvrService.Cli.Tests;

public sealed class ValidateTests
{
    [Fact]
    public async Task Validate_PrintsOkAndExitsZero_WhenMenuIsValid()
    {
        using var folder = new PromptsFolder();
        var menu = folder.WriteMenu("test.yaml", Menus.Valid);
        var settings = folder.WriteFile("appsettings.json", """{ "Flows": { "TransferDestinations": { "operator": "sip:operator@pbx.example.com" } } }""");

        var (exitCode, output, error) = await Ivrctl.RunAsync(folder.Root, null, "validate", menu, "--settings", settings);

        Assert.Equal((0, $"{menu}: ok\n", string.Empty), (exitCode, output, error));
    }

    [Fact]
    public async Task Validate_PrintsEveryProblemAndExitsOne_WhenTargetsAreUnknown()
    {
        using var folder = new PromptsFolder();
        var good = folder.WriteMenu("good.yaml", Menus.Valid);
        var broken = folder.WriteMenu("broken.yaml", Menus.UnknownTargets);
        folder.WriteFile("appsettings.json", """{ "Flows": { "TransferDestinations": { "operator": "sip:operator@pbx.example.com" } } }""");

        var (exitCode, output, _) = await Ivrctl.RunAsync(folder.Root, null, "validate", good, broken);

        Assert.Equal(1, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"{good}: ok", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"{broken}:11:", lines[1], StringComparison.Ordinal);
        Assert.Contains("nowhere", lines[1], StringComparison.Ordinal);
        Assert.StartsWith($"{broken}:12:", lines[2], StringComparison.Ordinal);
        Assert.Contains("elsewhere", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_UsesSettingsBesideThePromptsFolder_WhenRunFromElsewhere()
    {
        using var folder = new PromptsFolder();
        using var elsewhere = new PromptsFolder();
        var menu = Path.GetFullPath(folder.WriteMenu("test.yaml", Menus.Valid), folder.Root);
        folder.WriteFile("appsettings.json", """{ "Flows": { "TransferDestinations": { "operator": "sip:operator@pbx.example.com" } } }""");

        var (exitCode, output, error) = await Ivrctl.RunAsync(elsewhere.Root, null, "validate", menu);

        Assert.Equal((0, $"{menu}: ok\n", string.Empty), (exitCode, output, error));
    }

    [Fact]
    public async Task Validate_ReportsDestinationNotOnAllowList_WhenNoSettingsFile()
    {
        using var folder = new PromptsFolder();
        var menu = folder.WriteMenu("test.yaml", Menus.Valid);

        var (exitCode, output, _) = await Ivrctl.RunAsync(folder.Root, null, "validate", menu);

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"{menu}:", output, StringComparison.Ordinal);
        Assert.Contains("operator", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ExitsTwo_WhenFileDoesNotExist()
    {
        using var folder = new PromptsFolder();

        var (exitCode, output, error) = await Ivrctl.RunAsync(folder.Root, null, "validate", "prompts/menus/missing.yaml");

        Assert.Equal((2, string.Empty, "ivrctl: prompts/menus/missing.yaml: no such file\n"), (exitCode, output, error));
    }

    [Fact]
    public async Task Validate_ExitsTwo_WhenNoFileGiven()
    {
        using var folder = new PromptsFolder();

        var (exitCode, _, error) = await Ivrctl.RunAsync(folder.Root, null, "validate");

        Assert.Equal(2, exitCode);
        Assert.Contains("validate", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ExitsTwo_WhenSettingsFileIsNotJson()
    {
        using var folder = new PromptsFolder();
        var menu = folder.WriteMenu("test.yaml", Menus.Valid);
        var settings = folder.WriteFile("bad.json", "{ \"Flows\": ");

        var (exitCode, _, error) = await Ivrctl.RunAsync(folder.Root, null, "validate", menu, "--settings", settings);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("ivrctl: bad.json:1:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_PrintsOkWithoutSettings_WhenSurveyInSurveysFolderIsValid()
    {
        using var folder = new PromptsFolder();
        Directory.CreateDirectory(Path.Combine(folder.Root, "prompts", "surveys"));
        var survey = folder.WriteFile(Path.Combine("prompts", "surveys", "short.yaml"), Surveys.Short);

        var (exitCode, output, error) = await Ivrctl.RunAsync(folder.Root, null, "validate", survey);

        Assert.Equal((0, $"{survey}: ok\n", string.Empty), (exitCode, output, error));
    }

    [Fact]
    public async Task Validate_PrintsSurveyProblems_WhenAFileWithQuestionsIsAmongTheMenus()
    {
        using var folder = new PromptsFolder();
        var survey = folder.WriteMenu("short.yaml", Surveys.Short.Replace("kind: rating", "kind: stars", StringComparison.Ordinal));

        var (exitCode, output, _) = await Ivrctl.RunAsync(folder.Root, null, "validate", survey);

        Assert.Equal(
            (1, $"{survey}:7:25: questions.0.kind: unknown question kind 'stars'; expected one of: rating, yes_no, score, choice\n"),
            (exitCode, output));
    }
}
