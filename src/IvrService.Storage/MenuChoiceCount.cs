namespace IvrService.Storage;

/// <summary>How often callers chose one option of a menu node: a key that took the call on to <paramref name="TargetNodeId"/>.</summary>
/// <param name="Calls">Calls that chose it at least once.</param>
/// <param name="Choices">Times it was chosen.</param>
public sealed record MenuChoiceCount(string FlowId, string MenuNodeId, string Key, string TargetNodeId, long Calls, long Choices);
