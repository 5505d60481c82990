using IvrService.Flows.Definitions;
using static IvrService.Flows.Tests.Definitions.FlowFixtures;

namespace IvrService.Flows.Tests.Definitions;

/// <summary>Each validation rule with its exact message; each flow has exactly one problem.</summary>
public sealed class FlowValidationTests
{
    private const string Extra = "{ \"1\": goodbye, \"2\": extra }";

    [Fact]
    public void Load_ReportsLineAndColumn_WhenYamlIsMalformed()
    {
        var problem = Single("id: test\nlanguages: [fa, en]\nnodes:\n  main:\n    type: menu\n   prompt: x\n");

        Assert.Equal("menus/test.yaml:6:4: (document): YAML syntax error: While parsing a block mapping, did not find expected key.", problem.ToString());
    }

    [Fact]
    public void Load_ReportsSyntaxError_WhenAFlowListIsNeverClosed()
    {
        var problem = Single("id: test\nlanguages: [fa, en\nstart: main\n");

        Assert.Equal(("(document)", "YAML syntax error: the text ends inside a [ ] list or { } mapping that is never closed"), (problem.NodePath, problem.Reason));
        Assert.NotNull(problem.Location);
    }

    [Theory]
    [InlineData("  extra:\n    type: menus\n", "nodes.extra.type", "unknown node type 'menus'; expected one of: menu, collect, say, lookup, service_request, record, transfer, callback, hours, language, goto, back, repeat, hangup")]
    [InlineData("  extra:\n    prompt: thanks\n", "nodes.extra", "missing required field 'type' for a node")]
    [InlineData("  extra:\n    type: say\n    next: goodbye\n", "nodes.extra", "missing required field 'prompt' for a say node")]
    [InlineData("  extra:\n    type: say\n    prompt: thanks\n    next: goodbye\n    wait: 5s\n", "nodes.extra.wait", "unknown field 'wait' for a say node; expected one of: type, prompt, next")]
    [InlineData("  extra:\n    type: goto\n    target: nowhere\n", "nodes.extra.target", "target 'nowhere' is not a node of this flow")]
    [InlineData("  extra:\n    type: say\n    prompt: no_such_prompt\n    next: goodbye\n", "nodes.extra.prompt", "prompt 'no_such_prompt' has no text for languages fa, en")]
    [InlineData("  extra:\n    type: say\n    prompt: [{ status: closed }]\n    next: goodbye\n", "nodes.extra.prompt.0.status", "prompt 'status.closed' has no text for languages fa, en")]
    [InlineData("  extra:\n    type: transfer\n    destination: sales\n", "nodes.extra.destination", "transfer destination 'sales' is not on the allow-list (allowed: operator)")]
    [InlineData("  extra:\n    type: transfer\n    destination: operator\n    mode: blind\n", "nodes.extra.mode", "transfer mode 'blind' is not refer or bridge")]
    [InlineData("  extra:\n    type: language\n    language: de\n    next: main\n", "nodes.extra.language", "language 'de' is not one of this flow's languages (fa, en)")]
    [InlineData("  extra:\n    type: hangup\n    outcome: done\n", "nodes.extra.outcome", "outcome 'done' is not one of: completed, transferred, message_left, callback_requested, no_input, failed")]
    [InlineData("  extra:\n    type: say\n    prompt: [{ digits: {caller} }]\n    next: goodbye\n", "nodes.extra.prompt.0.digits", "a variable must be in quotes: write \"{caller}\"")]
    [InlineData("  extra:\n    type: say\n    prompt: [{ digits: \"{callr}\" }]\n    next: goodbye\n", "nodes.extra.prompt.0.digits", "variable '{callr}' is not set by any collect node and is not a built-in variable")]
    [InlineData("  extra:\n    type: say\n    prompt: [{ number: \"12a\" }]\n    next: goodbye\n", "nodes.extra.prompt.0.number", "'12a' is not a whole number")]
    [InlineData("  extra:\n    type: say\n    prompt: [{ number: \"1\", digits: \"2\" }]\n    next: goodbye\n", "nodes.extra.prompt.0", "a prompt item says one thing; it has number and digits")]
    [InlineData("  extra:\n    type: say\n    prompt: [{ date: \"1405-12-31\" }]\n    next: goodbye\n", "nodes.extra.prompt.0.date", "'1405-12-31' is not a Jalali date: day 31 is outside 1..29 for Esfand 1405")]
    [InlineData("  extra:\n    type: lookup\n    number: request_number\n    found: goodbye\n    not_found: goodbye\n", "nodes.extra.number", "'request_number' is not a variable reference; write it in quotes with braces, e.g. \"{caller}\"")]
    [InlineData("  extra:\n    type: record\n    prompt: record_message\n    category: complaint\n    max_length: 2 minutes\n    next: goodbye\n", "nodes.extra.max_length", "'2 minutes' is not a duration; write a whole number with ms, s or m, e.g. 500ms, 5s, 2m")]
    [InlineData("  extra:\n    type: record\n    prompt: record_message\n    category: complaint\n    max_length: 0s\n    next: goodbye\n", "nodes.extra.max_length", "duration '0s' must be more than 0 and at most 60m")]
    [InlineData("  extra:\n    type: record\n    prompt: record_message\n    category: complaint\n    max_length: 2m\n    finish_key: \"##\"\n    next: goodbye\n", "nodes.extra.finish_key", "'##' is not a key; a key is one of 0-9, * or # (quote * and #)")]
    [InlineData("  extra:\n    type: say\n    prompt: [{ prompt: thanks, only_in: de }]\n    next: goodbye\n", "nodes.extra.prompt.0.prompt", "only_in 'de' is not one of this flow's languages (fa, en)")]
    [InlineData("  extra:\n    type: say\n    prompt: [{ prompt: no_such_prompt, language: en }]\n    next: goodbye\n", "nodes.extra.prompt.0.prompt", "prompt 'no_such_prompt' has no text for language en")]
    public void Load_ReportsExactProblem_WhenANodeBreaksARule(string node, string path, string reason)
    {
        var problem = Single(Flow(node, Extra));

        Assert.Equal((path, reason), (problem.NodePath, problem.Reason));
        Assert.Equal(SourceFile, problem.File);
        Assert.NotNull(problem.Location);
    }

    [Theory]
    [InlineData("options: { \"10\": goodbye }", "nodes.main.options.10", "'10' is not a key; a key is one of 0-9, * or # (quote * and #)")]
    [InlineData("options: { \"1\": goodby }", "nodes.main.options.1", "target 'goodby' is not a node of this flow")]
    [InlineData("options: []", "nodes.main.options", "'options' must map keys to targets, e.g. { \"1\": report_fault, \"0\": operator }")]
    [InlineData("retries: 11", "nodes.main.retries", "'retries' must be a whole number from 1 to 10, not '11'")]
    [InlineData("timeout: 5", "nodes.main.timeout", "'5' is not a duration; write a whole number with ms, s or m, e.g. 500ms, 5s, 2m")]
    [InlineData("timeout: 5s\n    type: say", "nodes.main.type", "field 'type' is given twice")]
    [InlineData("timeout: 5s\n    interruptible: maybe", "nodes.main.interruptible", "'interruptible' must be true or false, not 'maybe'")]
    public void Load_ReportsExactProblem_WhenAMenuFieldIsWrong(string replacement, string path, string reason)
    {
        var field = replacement[..replacement.IndexOf(':', StringComparison.Ordinal)];
        var lines = Flow(string.Empty).Split('\n').Select(line => line.TrimStart().StartsWith(field + ":", StringComparison.Ordinal) && line.StartsWith("    ", StringComparison.Ordinal) ? "    " + replacement : line);

        var problem = Single(string.Join('\n', lines));

        Assert.Equal((path, reason), (problem.NodePath, problem.Reason));
    }

    [Theory]
    [InlineData("timeout", "timeout")]
    [InlineData("retries", "retries")]
    [InlineData("no_input", "no_input")]
    [InlineData("invalid|no_input|retries", "retries, invalid, no_input")]
    public void Load_NamesWhatIsMissing_WhenAMenuLacksTimeoutOrInvalidHandling(string removed, string missing)
    {
        var fields = removed.Split('|');
        var lines = Flow(string.Empty).Split('\n').Where(line => !fields.Any(f => line.StartsWith($"    {f}:", StringComparison.Ordinal)));

        var problem = Single(string.Join('\n', lines));

        Assert.Equal(("nodes.main", $"a menu node needs timeout and invalid-input handling; missing: {missing}"), (problem.NodePath, problem.Reason));
    }

    [Fact]
    public void Load_NamesWhatIsMissing_WhenACollectLacksTimeoutOrInvalidHandling()
    {
        var problem = Single(Flow("  extra:\n    type: collect\n    prompt: enter_code\n    variable: code\n    max_length: 6\n    retries: 2\n    next: goodbye\n", Extra));

        Assert.Equal(("nodes.extra", "a collect node needs timeout and invalid-input handling; missing: first_digit_timeout, invalid, no_input"), (problem.NodePath, problem.Reason));
    }

    [Theory]
    [InlineData("min_length: 8\n    max_length: 4", "nodes.extra.min_length", "min_length 8 is greater than max_length 4")]
    [InlineData("max_length: 4\n    pattern: \"[0-9\"", "nodes.extra.pattern", "pattern '[0-9' is not a valid regular expression (UnterminatedBracket at offset 4)")]
    [InlineData("max_length: 4\n    terminator: \"0#\"", "nodes.extra.terminator", "'0#' is not a key; a key is one of 0-9, * or # (quote * and #)")]
    [InlineData("max_length: 65", "nodes.extra.max_length", "'max_length' must be a whole number from 1 to 64, not '65'")]
    public void Load_ReportsExactProblem_WhenCollectLengthsOrPatternAreWrong(string fields, string path, string reason)
    {
        var node = $"  extra:\n    type: collect\n    prompt: enter_code\n    variable: code\n    {fields}\n    first_digit_timeout: 5s\n    retries: 2\n    invalid: invalid_choice\n    no_input: no_input\n    next: goodbye\n";

        var problem = Single(Flow(node, Extra));

        Assert.Equal((path, reason), (problem.NodePath, problem.Reason));
    }

    [Fact]
    public void Load_ReportsBuiltInVariable_WhenCollectWouldOverwriteIt()
    {
        var problem = Single(Flow("  extra:\n    type: collect\n    prompt: enter_code\n    variable: caller\n    max_length: 4\n    first_digit_timeout: 5s\n    retries: 2\n    invalid: invalid_choice\n    no_input: no_input\n    next: goodbye\n", Extra));

        Assert.Equal(("nodes.extra.variable", "'caller' is a built-in variable; choose another name"), (problem.NodePath, problem.Reason));
    }

    [Theory]
    [InlineData("time_zone: Asia/Nowhere", "nodes.extra.time_zone", "unknown time zone 'Asia/Nowhere'; use an IANA name such as Asia/Tehran")]
    [InlineData("weekly: { saturday: \"8-17\" }", "nodes.extra.weekly.saturday", "'8-17' is not an opening period: the start '8' is not a time from 00:00 to 23:59")]
    [InlineData("weekly: { saturday: \"17:00-08:00\" }", "nodes.extra.weekly.saturday", "'17:00-08:00' is not an opening period: it ends before it starts (a period over midnight is written as two, ending at 24:00 and starting at 00:00)")]
    [InlineData("weekly: { shanbe: \"08:00-17:00\" }", "nodes.extra.weekly.shanbe", "'shanbe' is not a day of the week; write saturday, sunday, monday, tuesday, wednesday, thursday or friday")]
    [InlineData("holidays: [1405-13-01]", "nodes.extra.holidays.0", "'1405-13-01' is not a Jalali date: month 13 is outside 1..12")]
    [InlineData("holidays: [2026-02-30]", "nodes.extra.holidays.0", "'2026-02-30' is not a Gregorian date: day 30 is outside 1..28 for 2026-02")]
    [InlineData("holidays: [nowruz]", "nodes.extra.holidays.0", "'nowruz' is not a date: expected year-month-day with digits, such as 1405-01-01 or 1405/01/01 (Jalali) or 2026-03-21 (Gregorian)")]
    public void Load_ReportsExactProblem_WhenTheScheduleIsWrong(string field, string path, string reason)
    {
        var fields = new Dictionary<string, string>
        {
            ["time_zone"] = "time_zone: Asia/Tehran",
            ["weekly"] = "weekly: { saturday: \"08:00-17:00\" }",
            ["holidays"] = "holidays: []",
        };
        fields[field[..field.IndexOf(':', StringComparison.Ordinal)]] = field;
        var node = $"  extra:\n    type: hours\n    {string.Join("\n    ", fields.Values)}\n    open: goodbye\n    closed: goodbye\n";

        var problem = Single(Flow(node, Extra));

        Assert.Equal((path, reason), (problem.NodePath, problem.Reason));
    }

    [Fact]
    public void Load_ReportsStartNode_WhenItIsNotANode()
    {
        var problem = Single(Flow(string.Empty, start: "begin").Replace("options: { \"1\": goodbye }", "options: { \"1\": main }", StringComparison.Ordinal)
            + "  begin_typo:\n    type: goto\n    target: main\n");

        Assert.Equal("menus/test.yaml:3:8: start: start node 'begin' is not a node of this flow", problem.ToString());
    }

    [Fact]
    public void Load_ReportsUnreachableNode_WhenNothingLeadsToIt()
    {
        var problem = Single(Flow("  orphan:\n    type: goto\n    target: goodbye\n"));

        Assert.Equal("menus/test.yaml:17:3: nodes.orphan: node 'orphan' cannot be reached from the start node 'main'", problem.ToString());
    }

    [Fact]
    public void Load_NamesTheCycle_WhenALoopNeverWaitsForTheCaller()
    {
        var problem = Single(Flow("  extra:\n    type: goto\n    target: second\n  second:\n    type: say\n    prompt: thanks\n    next: third\n  third:\n    type: goto\n    target: extra\n", Extra));

        Assert.Equal(("nodes.extra", "loop with no caller input or hang-up: extra -> second -> third -> extra"), (problem.NodePath, problem.Reason));
    }

    [Fact]
    public void Load_NamesTheCycle_WhenANodeGoesToItself()
    {
        var problem = Single(Flow("  extra:\n    type: goto\n    target: extra\n", Extra));

        Assert.Equal(("nodes.extra", "loop with no caller input or hang-up: extra -> extra"), (problem.NodePath, problem.Reason));
    }

    [Fact]
    public void Load_AcceptsALoop_WhenItPassesThroughAMenu()
    {
        var result = Load(Flow("  extra:\n    type: say\n    prompt: thanks\n    next: main\n", Extra));

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Problems));
    }

    [Fact]
    public void Load_ReportsLanguage_WhenTheCatalogHasNoPromptsForIt()
    {
        var problem = Single(Flow(string.Empty), Context(Catalog("fa")));

        Assert.Equal("menus/test.yaml:2:17: languages.1: language 'en' has no prompts in the catalog (prompts/en/prompts.yaml)", problem.ToString());
    }

    [Fact]
    public void Load_ReportsPromptForOneLanguage_WhenOnlyThatLanguageLacksIt()
    {
        var catalog = PromptCatalog.Create(new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["fa"] = PromptKeys.ToDictionary(k => k, k => k),
            ["en"] = PromptKeys.Where(k => k != "goodbye").ToDictionary(k => k, k => k),
        });

        var problem = Single(Flow(string.Empty), Context(catalog));

        Assert.Equal("menus/test.yaml:16:13: nodes.goodbye.prompt: prompt 'goodbye' has no text for language en", problem.ToString());
    }

    [Theory]
    [InlineData("id: test", "", "missing required field 'id' for a menu file")]
    [InlineData("id: test", "id: Test Menu", "'Test Menu' is not a flow id; use lowercase letters, digits, '-' and '_'")]
    [InlineData("languages: [fa, en]", "languages: fa", "'languages' must be a list of language codes such as [fa, en]; the first is the default")]
    [InlineData("start: main", "begin: main", "unknown field 'begin' for a menu file; expected one of: id, title, languages, start, nodes")]
    public void Load_ReportsExactProblem_WhenTheTopLevelIsWrong(string line, string replacement, string reason)
    {
        var yaml = Flow(string.Empty).Replace(line + "\n", replacement.Length == 0 ? string.Empty : replacement + "\n", StringComparison.Ordinal);

        var problems = Load(yaml).Problems;

        Assert.Contains(reason, problems.Select(p => p.Reason));
    }

    [Fact]
    public void Load_ReportsOnlyTheType_WhenANodeTypeIsUnknownAndItLeadsToOtherNodes()
    {
        var problem = Single(Flow("  extra:\n    type: sey\n    next: later\n  later:\n    type: goto\n    target: goodbye\n", Extra));

        Assert.Equal("nodes.extra.type", problem.NodePath);
    }

    [Fact]
    public void Load_ReportsDocumentShape_WhenTheFileIsAList()
    {
        var problem = Single("- main\n- goodbye\n");

        Assert.Equal("menus/test.yaml:1:1: (document): a menu file must be a mapping with id, languages, start and nodes", problem.ToString());
    }
}
