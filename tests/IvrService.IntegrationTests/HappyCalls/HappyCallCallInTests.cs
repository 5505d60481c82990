using IvrService.Storage.HappyCalls;
using IvrService.Testing;

namespace IvrService.IntegrationTests.HappyCalls;

public sealed class HappyCallCallInTests(HappyCallHost host) : IClassFixture<HappyCallHost>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task CallIn_OffersTheOpenSurveyFirst_WhenTheCallerIdMatchesAPendingHappyCall()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        var (reported, _) = await host.ReportAsync("svc-call-in-1", timeout.Token, phone: "09127654321", serviceType: "later");

        // The customer calls the service number from the same phone (national format, as a trunk presents it).
        using var scenario = new SippCallerScript("09127654321")
            .Wait(TimeSpan.FromSeconds(2)).Press("1")   // takes the survey
            .Wait(TimeSpan.FromSeconds(4)).Press("4")
            .Wait(TimeSpan.FromSeconds(4)).Press("2")
            .Wait(TimeSpan.FromSeconds(4)).Press("9", TimeSpan.FromMilliseconds(150)).Press("#")
            .Wait(TimeSpan.FromSeconds(4)).Press("1")
            .Wait(TimeSpan.FromSeconds(4)).Press("#")
            .Wait(TimeSpan.FromSeconds(8))              // closing, then the menu greets
            .SendBye()
            .Write();
        await using var sipp = SippProcess.Start(scenario.Calling("127.0.0.1", host.Host.SipPort));
        var result = await sipp.WaitForExitAsync(timeout.Token);
        var final = await host.WaitForFinalAsync(reported.Id, timeout.Token);
        var callId = Sip.InboundCallTests.CallIdsIn(sipp).Single();
        var record = await host.Host.WaitForEndedCallAsync(callId, TimeSpan.FromSeconds(20)).WaitAsync(timeout.Token);

        Assert.True(result.Succeeded, result.Describe());
        Assert.Equal(HappyCallState.Finished, final.State);
        Assert.Equal(SurveyOutcome.Completed, final.Outcome);
        Assert.Equal(1, final.Attempts);
        Assert.Equal([4, 0, 9, 1], final.Answers.Select(a => a.Value));
        Assert.Equal([record.Id], final.CallIds);

        // The menu followed the survey on the same call, its steps numbered after the survey's: one sequence a call.
        Assert.Equal("welcome-loop", record.Flow?.FlowId);
        var steps = await new HappyCallRows(host.Host.ConnectionString).StepOrderAsync(record.Id, timeout.Token);
        Assert.Equal(Enumerable.Range(1, steps.Count), steps.Select(s => s.Seq));
        Assert.Equal(
            [reported.SurveyId, "welcome-loop"],
            steps.Select(s => s.FlowId).Distinct());
        Assert.True(steps.FindLastIndex(s => s.FlowId == reported.SurveyId) < steps.FindIndex(s => s.FlowId == "welcome-loop"), "survey and menu steps interleave");
    }
}
