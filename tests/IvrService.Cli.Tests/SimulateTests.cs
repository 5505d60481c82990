namespace IvrService.Cli.Tests;

public sealed class SimulateTests
{
    private const string Settings = """{ "Flows": { "TransferDestinations": { "operator": "sip:operator@pbx.example.com" } } }""";

    [Fact]
    public async Task Simulate_PrintsTranscriptAndPath_WhenDigitsGiven()
    {
        using var folder = new PromptsFolder();
        var menu = folder.WriteMenu("test.yaml", Menus.Valid);
        folder.WriteFile("appsettings.json", Settings);

        var (exitCode, output, _) = await Ivrctl.RunAsync(folder.Root, null, "simulate", menu, "--digits", ",9");

        Assert.Equal(0, exitCode);
        Assert.Equal(
            "[main] menu\n" +
            "  ♪ en: Press 1 to hear goodbye, 0 for the operator.\n" +
            "  ⏱ no input within 5 s\n" +
            "  ♪ en: We did not hear a choice.\n" +
            "  ♪ en: Press 1 to hear goodbye, 0 for the operator.\n" +
            "  ⌨ 9\n" +
            "  ✗ invalid: no option 9\n" +
            "  ♪ en: That is not a valid choice.\n" +
            "[bye] hangup\n" +
            "  ♪ en: Goodbye.\n" +
            "→ outcome: completed\n" +
            "path: main → bye\n",
            output);
    }

    [Fact]
    public async Task Simulate_TransfersToSettingsDestination_WhenOperatorChosen()
    {
        using var folder = new PromptsFolder();
        var menu = folder.WriteMenu("test.yaml", Menus.Valid);
        var settings = folder.WriteFile("other.json", Settings);

        var (exitCode, output, _) = await Ivrctl.RunAsync(folder.Root, null, "simulate", menu, "--digits", "0", "--settings", settings);

        Assert.Equal(0, exitCode);
        Assert.Contains("  ☎ transfer operator sip:operator@pbx.example.com by refer: succeeded 202 Accepted\n", output, StringComparison.Ordinal);
        Assert.EndsWith("→ outcome: transferred: to operator sip:operator@pbx.example.com\npath: main → operator\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_ReadsOneLinePerInputAndHangsUpAtEnd_WhenNoDigitsOption()
    {
        using var folder = new PromptsFolder();
        var menu = folder.WriteMenu("test.yaml", Menus.Valid);
        folder.WriteFile("appsettings.json", Settings);

        var (exitCode, output, _) = await Ivrctl.RunAsync(folder.Root, "7\n", "simulate", menu);

        Assert.Equal(0, exitCode);
        Assert.Contains("  ⌨ 7\n  ✗ invalid: no option 7\n", output, StringComparison.Ordinal);
        Assert.EndsWith("→ outcome: abandoned: caller hung up\npath: main\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_ExitsTwo_WhenDigitsHoldSomethingElseThanKeys()
    {
        using var folder = new PromptsFolder();
        var menu = folder.WriteMenu("test.yaml", Menus.Valid);

        var (exitCode, output, error) = await Ivrctl.RunAsync(folder.Root, null, "simulate", menu, "--digits", "1,2x");

        Assert.Equal((2, string.Empty), (exitCode, output));
        Assert.Equal("ivrctl: --digits: 'x' at position 4 is not a key (0-9, *, #, A-D; groups separated by commas).\n", error);
    }

    [Fact]
    public async Task Simulate_ExitsTwo_WhenLanguageIsNotOneOfTheMenus()
    {
        using var folder = new PromptsFolder();
        var menu = folder.WriteMenu("test.yaml", Menus.Valid);
        folder.WriteFile("appsettings.json", Settings);

        var (exitCode, _, error) = await Ivrctl.RunAsync(folder.Root, null, "simulate", menu, "--digits", "1", "--language", "de");

        Assert.Equal(2, exitCode);
        Assert.Equal("ivrctl: --language: 'de' is not one of the menu's languages (en)\n", error);
    }

    [Fact]
    public async Task Simulate_PrintsProblemsAndExitsOne_WhenMenuIsInvalid()
    {
        using var folder = new PromptsFolder();
        var menu = folder.WriteMenu("broken.yaml", Menus.UnknownTargets);

        var (exitCode, output, _) = await Ivrctl.RunAsync(folder.Root, null, "simulate", menu, "--digits", "1");

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"{menu}:11:", output, StringComparison.Ordinal);
    }
}
