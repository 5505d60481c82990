using IvrService.Storage.HappyCalls;
using IvrService.Testing;

namespace IvrService.IntegrationTests.HappyCalls;

/// <summary>
/// Answering machines with the detector on: a greeting of long speech is hung up on and retried later; a silent
/// machine the detector lets through never passes the survey's start gate.
/// </summary>
public sealed class AnsweringMachineTests(AnsweringMachineHost host) : IClassFixture<AnsweringMachineHost>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Detector_HangsUpAndRetriesLater_WhenTheCalleeGreetsWithLongSpeech()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);

        // Debian's G.711 A-law capture: about four seconds of speech without a pause, as a voicemail greeting.
        using var scenario = new SippCalleeScript(8)
            .Ring(TimeSpan.FromMilliseconds(300))
            .Answer()
            .Play(SippCallerScript.VoiceCapture)
            .ExpectBye(TimeSpan.FromSeconds(10))
            .Write();
        await using var callee = await host.StartCalleeAsync(scenario, calls: 2, timeout.Token);

        var reported = await host.ReportAsync("svc-machine-1", "+989120000301", timeout.Token, HappyCallOutcomeHost.TwoTries);
        var final = await host.Calls.WaitForFinalAsync(reported.Id, timeout.Token);
        var sipp = await callee.WaitForExitAsync(timeout.Token);

        Assert.True(sipp.Succeeded, sipp.Describe());
        Assert.Equal((HappyCallState.Unreached, SurveyOutcome.Unreached, 2), (final.State, final.Outcome, final.Attempts));
        Assert.Equal(
            [new AttemptRow(1, "answering_machine", 200, final.CallIds[0]), new AttemptRow(2, "answering_machine", 200, final.CallIds[1])],
            await host.Rows.AttemptsAsync(reported.Id, timeout.Token));
        foreach (var id in final.CallIds)
        {
            var record = await host.Rows.CallRecordAsync(id, timeout.Token);
            Assert.Equal(("ivr_hangup", "answering_machine"), (record.EndReason, record.FlowOutcome));
            Assert.Empty(await host.Rows.SurveyNodesAsync(id, timeout.Token));
        }

        Assert.Empty(final.Answers);
    }

    [Fact]
    public async Task StartGate_KeepsTheSurveyOff_WhenASilentCalleeIsTakenForAPerson()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = new SippCalleeScript()
            .Ring(TimeSpan.FromMilliseconds(300))
            .Answer()
            .ExpectBye(TimeSpan.FromSeconds(80))
            .Write();
        await using var callee = await host.StartCalleeAsync(scenario, calls: 1, timeout.Token);

        var reported = await host.ReportAsync("svc-silent-machine-1", "+989120000302", timeout.Token, HappyCallOutcomeHost.OneTry);
        var final = await host.Calls.WaitForFinalAsync(reported.Id, timeout.Token);
        var sipp = await callee.WaitForExitAsync(timeout.Token);
        var record = await host.Rows.CallRecordAsync(final.CallIds.Single(), timeout.Token);

        Assert.True(sipp.Succeeded, sipp.Describe());
        Assert.Equal((HappyCallState.Unreached, SurveyOutcome.Unreached, 1), (final.State, final.Outcome, final.Attempts));
        Assert.Equal([new AttemptRow(1, "answering_machine", 200, record.Id)], await host.Rows.AttemptsAsync(reported.Id, timeout.Token));
        Assert.Equal(("ivr_hangup", "survey_not_started"), (record.EndReason, record.FlowOutcome));
        Assert.Equal(["intro", "start_gate"], await host.Rows.SurveyNodesAsync(record.Id, timeout.Token));
        Assert.Equal("outcome: not_started: start key 1 not pressed in 2 tries", await host.Rows.LastStepAsync(record.Id, timeout.Token));
        Assert.Empty(final.Answers);
    }
}
