using IvrService.Storage.HappyCalls;
using IvrService.Testing;

namespace IvrService.IntegrationTests.HappyCalls;

/// <summary>
/// Outcomes after which a happy call is never dialled again (declined, opted out, a number on the do-not-call list,
/// cancelled), the escalation flag, and what the trunk sees in the INVITE.
/// </summary>
public sealed class HappyCallFinalOutcomeTests(HappyCallOutcomeHost host) : IClassFixture<HappyCallOutcomeHost>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Decline_IsNeverRetried_WhenTheCustomerRejectsTheRingingCall()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = new SippCalleeScript().Ring(TimeSpan.FromMilliseconds(500)).Decline(603).Write();
        await using var callee = await host.StartCalleeAsync(scenario, calls: 2, timeout.Token);

        var reported = await host.ReportAsync("svc-decline-1", "+989120000201", timeout.Token);
        var final = await host.Calls.WaitForFinalAsync(reported.Id, timeout.Token);
        await Task.Delay(HappyCallOutcomeHost.PastRetryDelay, timeout.Token);
        var attempts = await host.Rows.AttemptsAsync(reported.Id, timeout.Token);
        var record = await host.Rows.CallRecordAsync(final.CallIds.Single(), timeout.Token);

        Assert.Equal((HappyCallState.Finished, SurveyOutcome.Declined, 1), (final.State, final.Outcome, final.Attempts));
        Assert.Equal([new AttemptRow(1, "declined", 603, record.Id)], attempts);
        Assert.Equal(("rejected", "declined"), (record.EndReason, record.FlowOutcome));
        Assert.Equal(final.SurveyId, record.Flow.Id);
        Assert.Equal(1, HappyCallOutcomeHost.InvitesReceived(callee));
        Assert.Equal(["call 1: script 1", "call 1: ringing", "call 1: declined 603", "call 1: ended"], callee.ReadLogLines());
    }

    [Fact]
    public async Task OptOut_PutsTheNumberOnTheDoNotCallList_AndALaterServiceForItIsNotDialled()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        const string Phone = "+989120000202";
        using var scenario = new SippCalleeScript()
            .Ring(TimeSpan.FromMilliseconds(300))
            .Answer()
            .Wait(TimeSpan.FromSeconds(2)).Press("9")   // opt out, during the intro
            .ExpectBye(TimeSpan.FromSeconds(30))
            .Write();
        await using var callee = await host.StartCalleeAsync(scenario, calls: 2, timeout.Token);

        var first = await host.ReportAsync("svc-opt-out-1", Phone, timeout.Token);
        var optedOut = await host.Calls.WaitForFinalAsync(first.Id, timeout.Token);
        var second = await host.ReportAsync("svc-opt-out-2", Phone, timeout.Token);
        var notCalled = await host.Calls.WaitForFinalAsync(second.Id, timeout.Token);
        var record = await host.Rows.CallRecordAsync(optedOut.CallIds.Single(), timeout.Token);

        Assert.Equal((HappyCallState.Finished, SurveyOutcome.OptedOut, 1), (optedOut.State, optedOut.Outcome, optedOut.Attempts));
        Assert.Equal([new AttemptRow(1, "opted_out", 200, record.Id)], await host.Rows.AttemptsAsync(first.Id, timeout.Token));
        Assert.Empty(optedOut.Answers);
        Assert.Equal(("ivr_hangup", "survey_opted_out"), (record.EndReason, record.FlowOutcome));
        Assert.Equal((optedOut.SurveyId, (int?)optedOut.SurveyVersion), record.Flow);
        Assert.True(optedOut.SurveyVersion > 0, $"survey version {optedOut.SurveyVersion}");
        Assert.Equal("outcome: opted_out: key 9 at intro", await host.Rows.LastStepAsync(record.Id, timeout.Token));
        Assert.Equal(
            ("opted out during the survey of service svc-opt-out-1", "survey"),
            await host.Rows.DoNotCallAsync(Phone, timeout.Token));

        Assert.Equal((HappyCallState.DoNotCall, SurveyOutcome.DoNotCall, 1), (notCalled.State, notCalled.Outcome, notCalled.Attempts));
        Assert.Equal([new AttemptRow(1, "do_not_call", null, null)], await host.Rows.AttemptsAsync(second.Id, timeout.Token));
        Assert.Empty(notCalled.CallIds);
        Assert.Equal(1, HappyCallOutcomeHost.InvitesReceived(callee));
        Assert.Contains("call 1: bye received", callee.ReadLogLines());
    }

    [Fact]
    public async Task Rating_FlagsTheResultAsEscalation_WhenTheTechnicianIsRatedOne()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = new SippCalleeScript()
            .Ring(TimeSpan.FromMilliseconds(300))
            .Answer()
            .Wait(TimeSpan.FromSeconds(2)).Press("1")   // start gate
            .Wait(TimeSpan.FromSeconds(3)).Press("1")   // technician: 1, at or under the question's escalate_at 2
            .Wait(TimeSpan.FromSeconds(1))
            .SendBye()
            .Write();
        await using var callee = await host.StartCalleeAsync(scenario, calls: 1, timeout.Token);

        var reported = await host.ReportAsync("svc-escalate-1", "+989120000203", timeout.Token, HappyCallOutcomeHost.NoCompletionRetry);
        var final = await host.Calls.WaitForFinalAsync(reported.Id, timeout.Token);
        var sipp = await callee.WaitForExitAsync(timeout.Token);

        Assert.True(sipp.Succeeded, sipp.Describe());
        Assert.True(final.Escalated);
        Assert.Equal((HappyCallState.Finished, SurveyOutcome.Partial, 1), (final.State, final.Outcome, final.Attempts));
        Assert.Equal([new AttemptRow(1, "unfinished", 200, final.CallIds.Single())], await host.Rows.AttemptsAsync(reported.Id, timeout.Token));
        Assert.Equal([("technician", 1, "1", 1)], final.Answers.Select(a => (a.QuestionId, a.Value, a.Digits, a.Attempt)));
    }

    [Fact]
    public async Task Cancel_KeepsTheCallFromBeingDialled_WhenTheHappyCallIsStillPending()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = new SippCalleeScript().Ring(TimeSpan.FromMilliseconds(300)).Decline(603).Write();
        await using var callee = await host.StartCalleeAsync(scenario, calls: 1, timeout.Token);

        var reported = await host.ReportAsync("svc-cancel-pending-1", "+989120000204", timeout.Token, HappyCallOutcomeHost.Later);
        var cancelled = await host.Calls.Scheduler.CancelAsync(reported.Id, null, "service reopened", timeout.Token);

        // The attempt's job still runs when due; it must find the call cancelled and not dial.
        string? jobState = null;
        using var jobWait = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        jobWait.CancelAfter(TimeSpan.FromSeconds(40));
        try
        {
            await HappyCallOutcomeHost.WaitUntilAsync(
                async () => (jobState = await host.Rows.JobStateAsync(reported.JobId!, timeout.Token)) is "Succeeded" or "Failed" or "Deleted",
                jobWait.Token);
        }
        catch (OperationCanceledException) when (!timeout.IsCancellationRequested)
        {
            Assert.Fail($"job {reported.JobId} still {jobState ?? "missing"} 40 s after the report; {await host.Rows.JobHistoryAsync(reported.JobId!, timeout.Token)}");
        }

        var final = await host.Calls.Store.GetAsync(reported.Id, timeout.Token);

        Assert.NotNull(cancelled);
        Assert.True(cancelled.Cancelled);
        Assert.Equal("Succeeded", await host.Rows.JobStateAsync(reported.JobId!, timeout.Token));
        Assert.Equal((HappyCallState.Cancelled, SurveyOutcome.Cancelled, 0), (final!.State, final.Outcome, final.Attempts));
        Assert.Empty(await host.Rows.AttemptsAsync(reported.Id, timeout.Token));
        Assert.Equal(0, HappyCallOutcomeHost.InvitesReceived(callee));
    }

    [Fact]
    public async Task Cancel_LetsTheCallUnderWayFinishAndMakesNoFurtherAttempt_WhenTheCallIsInProgress()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = new SippCalleeScript()
            .Ring(TimeSpan.FromMilliseconds(300))
            .Answer()
            .Wait(TimeSpan.FromSeconds(2)).Press("1")   // start gate
            .Wait(TimeSpan.FromSeconds(3)).Press("4")   // technician
            .Wait(TimeSpan.FromSeconds(1))
            .SendBye()                                  // unfinished: would get a completion retry
            .Write();
        await using var callee = await host.StartCalleeAsync(scenario, calls: 2, timeout.Token);

        var reported = await host.ReportAsync("svc-cancel-in-call-1", "+989120000205", timeout.Token);
        await HappyCallOutcomeHost.WaitUntilAsync(() => Task.FromResult(callee.ReadLogLines().Contains("call 1: answered")), timeout.Token);
        var cancelled = await host.Calls.Scheduler.CancelAsync(null, "svc-cancel-in-call-1", "service reopened", timeout.Token);
        var final = await host.Calls.WaitForFinalAsync(reported.Id, timeout.Token);
        await Task.Delay(HappyCallOutcomeHost.PastRetryDelay, timeout.Token);

        Assert.NotNull(cancelled);
        Assert.False(cancelled.Cancelled);
        Assert.True(cancelled.Call.CancelRequested);
        Assert.Equal(HappyCallState.InProgress, cancelled.Call.State);
        Assert.Equal((HappyCallState.Cancelled, SurveyOutcome.Cancelled, 1), (final.State, final.Outcome, final.Attempts));
        Assert.Equal([new AttemptRow(1, "unfinished", 200, final.CallIds.Single())], await host.Rows.AttemptsAsync(reported.Id, timeout.Token));
        Assert.Equal([("technician", 4)], final.Answers.Select(a => (a.QuestionId, a.Value)));
        Assert.Contains("call 1: bye sent", callee.ReadLogLines());
        Assert.Equal(1, HappyCallOutcomeHost.InvitesReceived(callee));
    }

    [Fact]
    public async Task Dial_SendsTheE164NumberAndTheTrunksCallerId_WhenTheServiceGaveANationalNumber()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = new SippCalleeScript().Ring(TimeSpan.Zero).Decline(603).Write();
        await using var callee = await host.StartCalleeAsync(scenario, calls: 1, timeout.Token);

        var reported = await host.ReportAsync("svc-numbers-1", "09120000206", timeout.Token);
        var final = await host.Calls.WaitForFinalAsync(reported.Id, timeout.Token);
        var sipp = await callee.WaitForExitAsync(timeout.Token);
        var invite = callee.ReadMessages().First(m => m.Received && m.Method == "INVITE");
        var record = await host.Rows.CallRecordAsync(final.CallIds.Single(), timeout.Token);

        Assert.True(sipp.Succeeded, sipp.Describe());
        Assert.Equal("+989120000206", final.Phone);
        Assert.Equal($"sip:+989120000206@127.0.0.1:{host.Calls.TrunkPort}", invite.RequestUri);
        Assert.StartsWith("<sip:+982155551234@127.0.0.1>", invite.Header("From"), StringComparison.Ordinal);
        Assert.Equal("<sip:+982155551234@127.0.0.1>", invite.Header("P-Asserted-Identity"));
        Assert.Contains("sip:+989120000206@127.0.0.1", invite.Header("To"), StringComparison.Ordinal);
        Assert.Equal(("outbound", "+982155551234", "+989120000206"), (record.Direction, record.Caller, record.Called));
    }
}
