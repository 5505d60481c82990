using IvrService.Storage;
using IvrService.Storage.HappyCalls;
using IvrService.Testing;

namespace IvrService.IntegrationTests.HappyCalls;

/// <summary>Outcomes that are followed by another attempt: busy, no answer, a survey left unfinished.</summary>
public sealed class HappyCallRetryTests(HappyCallOutcomeHost host) : IClassFixture<HappyCallOutcomeHost>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Attempts_CompleteTheSurveyOnTheRetry_WhenTheFirstCallIsBusy()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = SippCalleeScript.WriteSequence(
            new SippCalleeScript().Busy(),
            new SippCalleeScript()
                .Ring(TimeSpan.FromMilliseconds(300))
                .Answer()
                .Wait(TimeSpan.FromSeconds(2)).Press("1")   // start gate, during the intro
                .Wait(TimeSpan.FromSeconds(3)).Press("5")   // technician
                .Wait(TimeSpan.FromSeconds(3)).Press("1")   // punctual: yes
                .Wait(TimeSpan.FromSeconds(3)).Press("10")  // recommend: 10 (two digits end it)
                .Wait(TimeSpan.FromSeconds(3)).Press("1")   // solved: fully
                .Wait(TimeSpan.FromSeconds(8)).Press("#")   // no comment: after the comment prompt, once recording
                .ExpectBye(TimeSpan.FromSeconds(40)));
        await using var callee = await host.StartCalleeAsync(scenario, calls: 2, timeout.Token);

        var reported = await host.ReportAsync("svc-busy-1", "+989120000101", timeout.Token);
        var final = await host.Calls.WaitForFinalAsync(reported.Id, timeout.Token);
        var sipp = await callee.WaitForExitAsync(timeout.Token);
        var attempts = await host.Rows.AttemptsAsync(reported.Id, timeout.Token);
        var busyRecord = await host.Rows.CallRecordAsync(attempts[0].CallRecordId!.Value, timeout.Token);
        var answeredRecord = await host.Rows.CallRecordAsync(attempts[1].CallRecordId!.Value, timeout.Token);

        Assert.True(sipp.Succeeded, sipp.Describe());
        Assert.Equal(["call 1: script 1", "call 1: busy 486"], callee.ReadLogLines().Where(l => l.StartsWith("call 1:", StringComparison.Ordinal)).Take(2));
        Assert.Equal((HappyCallState.Finished, SurveyOutcome.Completed, 2, 0), (final.State, final.Outcome, final.Attempts, final.CompletionRetries));
        Assert.Equal(
            [new AttemptRow(1, "busy", 486, busyRecord.Id), new AttemptRow(2, "completed", 200, answeredRecord.Id)],
            attempts);
        Assert.Equal([busyRecord.Id, answeredRecord.Id], final.CallIds);
        Assert.Equal(("rejected", "busy"), (busyRecord.EndReason, busyRecord.FlowOutcome));
        Assert.Equal(("ivr_hangup", "survey_completed"), (answeredRecord.EndReason, answeredRecord.FlowOutcome));
        Assert.Equal("outcome: completed", await host.Rows.LastStepAsync(answeredRecord.Id, timeout.Token));
        Assert.Equal(
            [("technician", 5, (string?)null, 2), ("punctuality", 1, null, 2), ("recommend", 10, null, 2), ("solved", 1, "fully", 2)],
            final.Answers.Select(a => (a.QuestionId, a.Value, a.ChoiceId, a.Attempt)));
        Assert.All(final.Answers, a => Assert.Equal(CallDigitMethod.Rfc4733, a.Method));
        Assert.False(final.Escalated);

        // Created, two claims, two attempt ends and four answers: each a change on the results stream.
        Assert.Equal(9, await host.Rows.ChangeCountAsync(reported.Id, timeout.Token));
    }

    [Fact]
    public async Task Attempts_EndUnreached_WhenNoAttemptIsAnsweredBeforeTheRingTimeout()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = new SippCalleeScript().NoAnswer().Write();

        // Room for a third call, to see that none comes.
        await using var callee = await host.StartCalleeAsync(scenario, calls: 3, timeout.Token);

        var reported = await host.ReportAsync("svc-no-answer-1", "+989120000102", timeout.Token, HappyCallOutcomeHost.TwoTries);
        var final = await host.Calls.WaitForFinalAsync(reported.Id, timeout.Token);
        await Task.Delay(HappyCallOutcomeHost.PastRetryDelay, timeout.Token);
        var attempts = await host.Rows.AttemptsAsync(reported.Id, timeout.Token);

        Assert.Equal((HappyCallState.Unreached, SurveyOutcome.Unreached, 2), (final.State, final.Outcome, final.Attempts));
        Assert.Equal(
            [new AttemptRow(1, "no_answer", 487, final.CallIds[0]), new AttemptRow(2, "no_answer", 487, final.CallIds[1])],
            attempts);
        foreach (var id in final.CallIds)
        {
            var record = await host.Rows.CallRecordAsync(id, timeout.Token);
            Assert.Equal(("cancelled", "no_answer"), (record.EndReason, record.FlowOutcome));
        }

        Assert.Empty(final.Answers);
        Assert.Equal(2, HappyCallOutcomeHost.InvitesReceived(callee));
        Assert.Equal(2, callee.ReadLogLines().Count(l => l.EndsWith(": cancelled", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CompletionRetry_AsksOnlyTheUnansweredQuestions_WhenTheCustomerHungUpMidSurvey()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = SippCalleeScript.WriteSequence(
            new SippCalleeScript()
                .Ring(TimeSpan.FromMilliseconds(300))
                .Answer()
                .Wait(TimeSpan.FromSeconds(2)).Press("1")   // start gate
                .Wait(TimeSpan.FromSeconds(3)).Press("4")   // technician
                .Wait(TimeSpan.FromSeconds(3)).Press("2")   // punctual: no
                .Wait(TimeSpan.FromSeconds(1))
                .SendBye(),                                 // hangs up while asked to recommend
            new SippCalleeScript()
                .Ring(TimeSpan.FromMilliseconds(300))
                .Answer()
                .Wait(TimeSpan.FromSeconds(2)).Press("1")   // start gate
                .Wait(TimeSpan.FromSeconds(3)).Press("7#")  // recommend: 7
                .Wait(TimeSpan.FromSeconds(3)).Press("3")   // solved: not
                .Wait(TimeSpan.FromSeconds(8)).Press("#")   // no comment: after the comment prompt, once recording
                .ExpectBye(TimeSpan.FromSeconds(40)));
        await using var callee = await host.StartCalleeAsync(scenario, calls: 2, timeout.Token);

        var reported = await host.ReportAsync("svc-hang-up-1", "+989120000103", timeout.Token);
        var final = await host.Calls.WaitForFinalAsync(reported.Id, timeout.Token);
        var sipp = await callee.WaitForExitAsync(timeout.Token);
        var attempts = await host.Rows.AttemptsAsync(reported.Id, timeout.Token);

        Assert.True(sipp.Succeeded, sipp.Describe());
        Assert.Equal((HappyCallState.Finished, SurveyOutcome.Completed, 2, 1), (final.State, final.Outcome, final.Attempts, final.CompletionRetries));
        Assert.Equal(
            [new AttemptRow(1, "unfinished", 200, final.CallIds[0]), new AttemptRow(2, "completed", 200, final.CallIds[1])],
            attempts);
        Assert.Equal(
            [("technician", 4, (string?)null, 1), ("punctuality", 0, null, 1), ("recommend", 7, null, 2), ("solved", 3, "not_solved", 2)],
            final.Answers.Select(a => (a.QuestionId, a.Value, a.ChoiceId, a.Attempt)));
        Assert.False(final.Escalated);
        Assert.Equal("outcome: unfinished: customer hung up", await host.Rows.LastStepAsync(final.CallIds[0], timeout.Token));
        Assert.Equal("caller_hangup", (await host.Rows.CallRecordAsync(final.CallIds[0], timeout.Token)).EndReason);
        Assert.Equal(("ivr_hangup", "survey_completed"), await EndAsync(final.CallIds[1], timeout.Token));
        Assert.Equal(
            ["intro", "recommend", "solved", "comment", "closing"],
            await host.Rows.SurveyNodesAsync(final.CallIds[1], timeout.Token));
    }

    private async Task<(string? EndReason, string? FlowOutcome)> EndAsync(long callRecordId, CancellationToken cancellationToken)
    {
        var record = await host.Rows.CallRecordAsync(callRecordId, cancellationToken);
        return (record.EndReason, record.FlowOutcome);
    }
}
