using IvrService.Flows;
using IvrService.Storage.Internal;

namespace IvrService.Storage;

/// <summary>How a call's menu run ended: which flow and version it ran, its outcome and the caller's last language.</summary>
/// <param name="Outcome">The flow result as snake_case text (<c>completed</c>, <c>transferred</c>, …).</param>
public sealed record CallFlowSummary(string FlowId, int FlowVersion, string Outcome, string Language)
{
    public static CallFlowSummary From(string flowId, int flowVersion, FlowOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new CallFlowSummary(flowId, flowVersion, FlowText.From(outcome.Result), outcome.Language);
    }
}
