using IvrService.Flows;

namespace IvrService.Storage;

/// <summary>The <c>call_steps</c> of calls: a journal per call run, and the steps read back.</summary>
public interface ICallStepStore
{
    /// <summary>
    /// A journal that writes the steps of one run of a flow on one call, numbered from 1 as they happen.
    /// <paramref name="callRecordId"/> links the steps to the call record when the call has one.
    /// </summary>
    IFlowJournal OpenJournal(string callId, long? callRecordId, string flowId, int flowVersion);

    /// <summary>The steps of the latest call with this Call-ID, in order.</summary>
    Task<IReadOnlyList<CallStep>> GetStepsAsync(string callId, CancellationToken cancellationToken);
}
