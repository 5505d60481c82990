using IvrService.Flows.Calendar;
using IvrService.Flows.Definitions;
using static IvrService.Flows.Tests.Engine.EngineHarness;

namespace IvrService.Flows.Tests.Engine;

public sealed class FlowEngineNavigationTests
{
    private static FlowDefinition Tree() => Flow(
        "main",
        Menu("main", ('1', "sub"), ('2', "bye")),
        Menu("sub", ('*', "back"), ('0', "repeat"), ('9', "bye")),
        new BackNode("back"),
        new RepeatNode("repeat"),
        Bye());

    [Fact]
    public async Task RunAsync_ReturnsToPreviousMenu_WhenBackNodeReached()
    {
        var harness = new EngineHarness();

        await harness.RunAsync(Tree(), "1,*,2");

        Assert.Equal(["main", "sub", "back", "main", "bye"], harness.Journal.Path);
    }

    [Fact]
    public async Task RunAsync_PlaysCurrentMenuAgain_WhenRepeatNodeReached()
    {
        var harness = new EngineHarness();

        await harness.RunAsync(Tree(), "1,0,*,2");

        Assert.Equal(["main", "sub", "repeat", "sub", "back", "main", "bye"], harness.Journal.Path);
        Assert.Equal(["main", "sub", "sub", "main", "bye"], harness.HeardKeys());
    }

    [Fact]
    public async Task RunAsync_SpeaksNewLanguage_WhenLanguageNodeSwitches()
    {
        var harness = new EngineHarness();
        var flow = Flow(
            "main",
            Menu("main", ('1', "english"), ('2', "bye")),
            new LanguageNode("english", "en", "main"),
            Bye());

        var outcome = await harness.RunAsync(flow, "1,2");

        Assert.Equal(["english:en"], harness.StepsOf(FlowStepKind.LanguageChanged));
        Assert.Equal(["fa", "en", "en"], harness.Port.Played.Select(clip => clip.Language));
        Assert.Equal("en:bye", harness.Port.Played[^1].Text);
        Assert.Equal("en", outcome.Language);
    }

    [Fact]
    public async Task RunAsync_StartsInRequestedLanguage_WhenContextGivesOne()
    {
        var harness = new EngineHarness();

        var outcome = await harness.RunAsync(Tree(), "2", language: "en");

        Assert.Equal("en:main", harness.Port.Played[0].Text);
        Assert.Equal("en", outcome.Language);
    }

    [Fact]
    public async Task RunAsync_FollowsTarget_WhenGotoNodeReached()
    {
        var harness = new EngineHarness();
        var flow = Flow("start", new GotoNode("start", "bye"), Bye());

        await harness.RunAsync(flow, null);

        Assert.Equal(["start", "bye"], harness.Journal.Path);
    }

    [Fact]
    public async Task RunAsync_HangsUpWithNodeOutcome_WhenHangupNodeReached()
    {
        var harness = new EngineHarness();
        var flow = Flow("bye", Bye(FlowResult.MessageLeft));

        var outcome = await harness.RunAsync(flow, null);

        Assert.Equal(new FlowOutcome(FlowResult.MessageLeft, "bye", "fa") { Detail = "message_left" }, outcome);
        Assert.True(harness.Port.HungUpByFlow);
        Assert.False(harness.Port.HungUpByCaller);
    }

    [Theory]
    [InlineData(6, 30, false, "open")]
    [InlineData(14, 0, false, "closed")]
    [InlineData(6, 30, true, "holiday")]
    public async Task RunAsync_BranchesOnBusinessHours_WhenHoursNodeReached(int hour, int minute, bool holiday, string expected)
    {
        var harness = new EngineHarness();
        harness.Time.SetUtcNow(new DateTimeOffset(2025, 3, 1, hour, minute, 0, TimeSpan.Zero));
        var workday = new[] { new OpeningPeriod(new TimeOnly(8, 0), new TimeOnly(17, 0)) };
        var week = new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> { [DayOfWeek.Saturday] = workday, [DayOfWeek.Sunday] = workday };
        var schedule = new BusinessHours(
            TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran"),
            week,
            holiday ? [new DateOnly(2025, 3, 1)] : []);
        var flow = Flow(
            "hours",
            new HoursNode("hours", schedule, "open", "closed", "holiday"),
            new HangupNode("open", Say("open"), FlowResult.Completed),
            new HangupNode("closed", Say("closed"), FlowResult.Completed),
            new HangupNode("holiday", Say("holiday"), FlowResult.Completed));

        var outcome = await harness.RunAsync(flow, null);

        Assert.Equal(expected, outcome.LastNodeId);
    }
}
