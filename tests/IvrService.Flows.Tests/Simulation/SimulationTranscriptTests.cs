using IvrService.Flows.Simulation;

namespace IvrService.Flows.Tests.Simulation;

public sealed class SimulationTranscriptTests
{
    [Fact]
    public async Task Heard_JoinsSpokenFragmentsOnOneLine_WhenANumberFollowsAPrompt()
    {
        var output = new StringWriter();
        var transcript = new SimulationTranscript(output);

        transcript.Heard(new PromptClip("fa", "status_date_is", "از تاریخ"));
        transcript.Heard(new PromptClip("fa", "ordinal.11", "یازدهم"));
        transcript.Heard(new PromptClip("fa", "month.jalali.12", "اسفند"));
        transcript.Heard(new PromptClip("en", "digit.1", "one"));
        transcript.Heard(new PromptClip("en", "digit.2", "two"));
        await transcript.WriteAsync(new FlowStep(DateTimeOffset.UnixEpoch, "bye", FlowStepKind.NodeEntered, "hangup"), CancellationToken.None);

        Assert.Equal(
            "  ♪ fa: از تاریخ\n  ♪ fa: یازدهم اسفند\n  ♪ en: one two\n[bye] hangup\n",
            output.ToString().ReplaceLineEndings("\n"));
    }
}
