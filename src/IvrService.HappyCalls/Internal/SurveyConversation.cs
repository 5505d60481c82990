using IvrService.Flows;
using IvrService.Flows.Surveys;
using IvrService.Storage;
using IvrService.Storage.HappyCalls;
using Microsoft.Extensions.Options;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// One attempt on the phone: dials through the dialer, and when a person answers runs the happy call's survey on the
/// call, storing each answer as it is given; an opt-out puts the number on the do-not-call list before the call ends.
/// </summary>
internal sealed class SurveyConversation(
    IOutboundDialer dialer,
    SurveyDefinitions surveys,
    IPromptCatalogProvider prompts,
    IHappyCallStore store,
    ICallStepStore steps,
    IDoNotCallList doNotCall,
    IOptions<HappyCallOptions> options,
    TimeProvider time) : ISurveyConversation
{
    public async Task<AttemptResult> RunAsync(AttemptClaim claim, HappyCallPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(policy);
        var call = claim.Call;
        var settings = options.Value;

        // A survey that cannot be found is a configuration fault: no call is placed for it.
        var pinned = await surveys.GetCurrentAsync(call.SurveyId, cancellationToken).ConfigureAwait(false);
        if (pinned is not { } survey)
        {
            return new AttemptResult(AttemptOutcome.Failed, null, null, 0, false) { Detail = $"survey '{call.SurveyId}' is not stored" };
        }

        var request = new OutboundDialRequest(
            call.Phone, settings.RingTimeout, settings.AnsweringMachineDetection, $"happy-call {call.Id} attempt {claim.Attempt}")
        {
            Trunk = settings.Trunk,
            SurveyId = call.SurveyId,
            SurveyVersion = survey.Version,
        };
        var outbound = await dialer.DialAsync(request, cancellationToken).ConfigureAwait(false);
        await using (outbound.ConfigureAwait(false))
        {
            if (outbound.Failure is { } failure)
            {
                return new AttemptResult(failure, outbound.SipStatus, outbound.CallRecordId, 0, false) { Detail = outbound.Detail };
            }

            await store.SetSurveyVersionAsync(call.Id, survey.Version, CancellationToken.None).ConfigureAwait(false);
            var port = outbound.Port!;
            var journal = new StoreSurveyJournal(
                store, call.Id, claim.Attempt, steps.OpenJournal(port.CallId, outbound.CallRecordId, call.SurveyId, survey.Version),
                () => outbound.LastDigitMethod);
            var context = new SurveyRunContext(survey.Survey, survey.Version, prompts.Prompts, port, journal)
            {
                Language = call.Language,
                AlreadyAnswered = OptOut.AnsweredBefore(call),
                // A customer who pressed the start key while the answer was screened ("press 1 to start" is what they
                // expect) is not asked again. Any other key then only proved a person: they had heard nothing to
                // answer yet, so it is dropped and the gate (and the opt-out offer) come as usual.
                SkipStartGate = !settings.StartGate || (outbound.ScreeningKey is { } key && key == survey.Survey.StartGate?.Key),
            };

            // The run ends when the call does (the customer hangs up): the engine takes a hang-up for the end of the
            // run only when its token says so. It gets the call's own token, not a link to it: a linked source is
            // cancelled by a callback that may run after a port operation has already failed on the hang-up. A
            // cancellation by our caller ends the call, and with it the run.
            using var stop = cancellationToken.Register(() => _ = outbound.HangUpAsync("survey_cancelled", CancellationToken.None));
            var outcome = await new SurveyEngine(time).RunAsync(context, outbound.CallEnded).ConfigureAwait(false);
            var attemptOutcome = outcome.Result switch
            {
                SurveyRunResult.Completed => AttemptOutcome.Completed,
                SurveyRunResult.OptedOut => AttemptOutcome.OptedOut,
                // Not started with the call still up: nobody pressed the start key (a machine). Not started because the
                // customer hung up during the intro: a person who left early, given the completion retry.
                SurveyRunResult.NotStarted when outcome.CustomerHungUp => AttemptOutcome.Unfinished,
                SurveyRunResult.NotStarted => AttemptOutcome.AnsweringMachine,
                _ => AttemptOutcome.Unfinished,
            };
            if (attemptOutcome == AttemptOutcome.OptedOut)
            {
                await doNotCall.AddAsync(OptOut.Entry(call, time), null, CancellationToken.None).ConfigureAwait(false);
            }

            await outbound.HangUpAsync(OutcomeText(attemptOutcome), CancellationToken.None).ConfigureAwait(false);
            return new AttemptResult(attemptOutcome, outbound.SipStatus, outbound.CallRecordId, survey.Version, journal.Answers > 0)
            {
                Detail = outcome.Detail,
            };
        }
    }

    private static string OutcomeText(AttemptOutcome outcome) => outcome switch
    {
        AttemptOutcome.Completed => "survey_completed",
        AttemptOutcome.OptedOut => "survey_opted_out",
        AttemptOutcome.AnsweringMachine => "survey_not_started",
        _ => "survey_unfinished",
    };
}
