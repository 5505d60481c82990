using IvrService.Storage.HappyCalls;

namespace IvrService.HappyCalls;

/// <summary>
/// Takes completed services in and cancellations: the happy-call row and the Hangfire job of its first attempt are
/// written in one transaction, so neither exists without the other.
/// </summary>
public interface IHappyCallScheduler
{
    /// <summary>
    /// Validates and normalises the report (<see cref="ServiceCompletionException"/> naming each bad field), then
    /// schedules the first attempt inside the calling window after the policy's delay. Idempotent by service id:
    /// a repeat returns the stored happy call with Created false and changes nothing.
    /// </summary>
    Task<(HappyCall Call, bool Created)> ReportAsync(ServiceCompletion completion, CancellationToken cancellationToken);

    /// <summary>
    /// Reports a synthetic completed service for a test survey call (service id <c>test-&lt;uuid&gt;</c>, service type
    /// <see cref="TestCall.ServiceType"/>, completed now) with the validation of <see cref="ReportAsync"/>, and schedules
    /// its first attempt now, without the policy's delay. The do-not-call list is checked now (a listed number is a
    /// problem of <c>phone</c>) and again by the attempt, which also keeps to the calling window; the survey must be
    /// stored (else a problem of <c>survey_id</c>). Problems are thrown as <see cref="ServiceCompletionException"/>.
    /// </summary>
    Task<HappyCall> ReportTestAsync(TestCall test, CancellationToken cancellationToken);

    /// <summary>Cancels by happy-call id or service id (exactly one given); null when there is no such happy call.</summary>
    Task<CancelOutcome?> CancelAsync(long? happyCallId, string? serviceId, string reason, CancellationToken cancellationToken);
}
