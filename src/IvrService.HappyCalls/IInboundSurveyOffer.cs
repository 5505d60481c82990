using IvrService.Flows;
using IvrService.Storage;

namespace IvrService.HappyCalls;

/// <summary>
/// A customer who calls the service number while their survey is still open (pending, or unfinished and waiting for
/// its completion retry) is offered it first, matched by caller id; the menu follows.
/// </summary>
public interface IInboundSurveyOffer
{
    /// <summary>
    /// Runs the caller's open survey on <paramref name="port"/> when there is one, as an attempt of its happy call;
    /// false when there is none (nothing was said). Never throws for a store or call failure: the menu still runs.
    /// </summary>
    Task<bool> TryRunAsync(ICallPort port, long? callRecordId, Func<CallDigitMethod> lastDigitMethod, CancellationToken cancellationToken);
}
