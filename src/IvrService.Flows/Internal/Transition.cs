namespace IvrService.Flows.Internal;

/// <summary>Where a node leads: the next node, or the end of the run with its result and reason.</summary>
internal readonly record struct Transition(string? Next, FlowResult? End, string? Detail)
{
    public static Transition To(string next) => new(next, null, null);

    public static Transition Finish(FlowResult result, string? detail = null) => new(null, result, detail);
}
