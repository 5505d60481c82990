using IvrService.Flows;

namespace IvrService.Storage;

/// <summary>The <c>call_steps</c> of calls: a journal per call run, and the steps read back.</summary>
public interface ICallStepStore
{
    /// <summary>
    /// A journal that writes the steps of one run of a flow on one call as they happen, numbered on from the steps
    /// the call already has: one sequence a call, from 1, across the runs on it (a call-in's survey, then its menu).
    /// <paramref name="callRecordId"/> links the steps to the call record when the call has one.
    /// </summary>
    IFlowJournal OpenJournal(string callId, long? callRecordId, string flowId, int flowVersion);

    /// <summary>The steps of the latest call with this Call-ID, in order.</summary>
    Task<IReadOnlyList<CallStep>> GetStepsAsync(string callId, CancellationToken cancellationToken);
}
