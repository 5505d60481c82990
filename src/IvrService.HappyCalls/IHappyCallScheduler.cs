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

    /// <summary>Cancels by happy-call id or service id (exactly one given); null when there is no such happy call.</summary>
    Task<CancelOutcome?> CancelAsync(long? happyCallId, string? serviceId, string reason, CancellationToken cancellationToken);
}
