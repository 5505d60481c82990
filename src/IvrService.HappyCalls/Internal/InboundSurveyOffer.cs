using IvrService.Flows;
using IvrService.Flows.Surveys;
using IvrService.Storage;
using IvrService.Storage.HappyCalls;
using Microsoft.Extensions.Logging;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// Offers a calling customer their open survey (see <see cref="IInboundSurveyOffer"/>). The call-in is an attempt of
/// the happy call, claimed like a dialled one — so the job waiting to dial it finds it taken and does nothing — and
/// ended through the same finisher: completed, opted out, or unfinished with its completion retry. A caller who does
/// not take the offer (no start key) ends the attempt as not reached, and the dialling goes on per the policy.
/// </summary>
internal sealed class InboundSurveyOffer(
    IHappyCallStore store,
    DialSlots slots,
    AttemptFinisher finisher,
    SurveyDefinitions surveys,
    IPromptCatalogProvider prompts,
    ICallStepStore steps,
    IDoNotCallList doNotCall,
    HappyCallInstance instance,
    TimeProvider time,
    ILogger<InboundSurveyOffer> logger) : IInboundSurveyOffer
{
    public async Task<bool> TryRunAsync(
        ICallPort port, long? callRecordId, Func<CallDigitMethod> lastDigitMethod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(port);
        try
        {
            return await RunAsync(port, callRecordId, lastDigitMethod, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            HappyCallLog.CallInFailed(logger, exception, port.CallId);
            return false;
        }
    }

    private async Task<bool> RunAsync(
        ICallPort port, long? callRecordId, Func<CallDigitMethod> lastDigitMethod, CancellationToken cancellationToken)
    {
        if (!PhoneNumbers.TryNormalize(port.CallerNumber, out var phone, out _))
        {
            return false;
        }

        var open = await store.FindOpenSurveyForPhoneAsync(phone, cancellationToken).ConfigureAwait(false);
        if (open is null || open.State != HappyCallState.Pending
            || await surveys.GetCurrentAsync(open.SurveyId, cancellationToken).ConfigureAwait(false) is not { } survey)
        {
            return false;
        }

        await using var hold = await slots.TryHoldAttemptAsync(open.Id, cancellationToken).ConfigureAwait(false);
        var attempt = open.Attempts + 1;
        var claim = hold is null ? null : await store.ClaimAttemptAsync(open.Id, attempt, "call-in:" + instance.Name, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            return false;
        }

        HappyCallLog.CallInSurvey(logger, port.CallId, open.Id, attempt);
        await store.SetSurveyVersionAsync(open.Id, survey.Version, CancellationToken.None).ConfigureAwait(false);
        var journal = new StoreSurveyJournal(
            store, open.Id, attempt, steps.OpenJournal(port.CallId, callRecordId, open.SurveyId, survey.Version), lastDigitMethod);
        var result = AttemptOutcome.Unfinished;
        try
        {
            var outcome = await new SurveyEngine(time).RunAsync(
                new SurveyRunContext(survey.Survey, survey.Version, prompts.Prompts, port, journal)
                {
                    Language = open.Language,
                    AlreadyAnswered = OptOut.AnsweredBefore(open),
                },
                cancellationToken).ConfigureAwait(false);
            result = outcome.Result switch
            {
                SurveyRunResult.Completed => AttemptOutcome.Completed,
                SurveyRunResult.OptedOut => AttemptOutcome.OptedOut,
                SurveyRunResult.NotStarted => AttemptOutcome.NoAnswer,
                _ => AttemptOutcome.Unfinished,
            };
            if (result == AttemptOutcome.OptedOut)
            {
                await doNotCall.AddAsync(OptOut.Entry(open, time), null, CancellationToken.None).ConfigureAwait(false);
            }

            return true;
        }
        finally
        {
            var reached = journal.Answers > 0;
            await finisher.FinishAsync(
                open, attempt,
                new AttemptResult(result == AttemptOutcome.Unfinished && !reached ? AttemptOutcome.NoAnswer : result, null, callRecordId, survey.Version, reached)
                {
                    Detail = "the customer called in",
                },
                CancellationToken.None).ConfigureAwait(false);
        }
    }
}
