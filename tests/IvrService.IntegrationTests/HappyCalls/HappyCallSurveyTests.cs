using IvrService.Storage;
using IvrService.Storage.HappyCalls;
using IvrService.Testing;

namespace IvrService.IntegrationTests.HappyCalls;

public sealed class HappyCallSurveyTests(HappyCallHost host) : IClassFixture<HappyCallHost>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Survey_StoresEveryAnswer_WhenTheCustomerAnswersByRfc4733()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = new SippCalleeScript()
            .Ring(TimeSpan.FromMilliseconds(500))
            .Answer()
            .Wait(TimeSpan.FromSeconds(2)).Press("1")   // start gate, during the intro
            .Wait(TimeSpan.FromSeconds(4)).Press("5")   // technician rating
            .Wait(TimeSpan.FromSeconds(4)).Press("1")   // punctual: yes
            .Wait(TimeSpan.FromSeconds(4)).Press("10")  // recommend: 10
            .Wait(TimeSpan.FromSeconds(4)).Press("2")   // solved: partly
            .Wait(TimeSpan.FromSeconds(8)).Press("#")   // no comment: after the comment prompt, once recording
            .ExpectBye(TimeSpan.FromSeconds(40))
            .Write();
        await using var callee = await host.StartCalleeAsync(scenario.Answering(calls: 1), timeout.Token);

        var (reported, created) = await host.ReportAsync("svc-survey-1", timeout.Token);
        var final = await host.WaitForFinalAsync(reported.Id, timeout.Token);
        var sipp = await callee.WaitForExitAsync(timeout.Token);

        Assert.True(created);
        Assert.True(sipp.Succeeded, sipp.Describe());
        Assert.Equal(HappyCallState.Finished, final.State);
        Assert.Equal(SurveyOutcome.Completed, final.Outcome);
        Assert.Equal(1, final.Attempts);
        Assert.Equal(
            [("technician", 5, (string?)null), ("punctuality", 1, null), ("recommend", 10, null), ("solved", 2, "partly")],
            final.Answers.Select(a => (a.QuestionId, a.Value, a.ChoiceId)));
        Assert.All(final.Answers, a => Assert.Equal(CallDigitMethod.Rfc4733, a.Method));
        Assert.False(final.Escalated);
        Assert.Single(final.CallIds);
    }
}
