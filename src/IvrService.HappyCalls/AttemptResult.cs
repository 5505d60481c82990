using IvrService.Storage.HappyCalls;

namespace IvrService.HappyCalls;

/// <summary>
/// How one attempt went: its outcome, the SIP status, the call record, the survey version that ran, and whether the
/// customer answered at least one question in it.
/// </summary>
public sealed record AttemptResult(AttemptOutcome Outcome, int? SipStatus, long? CallRecordId, int SurveyVersion, bool ReachedCustomer)
{
    public string? Detail { get; init; }
}
