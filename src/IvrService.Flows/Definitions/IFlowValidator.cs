namespace IvrService.Flows.Definitions;

/// <summary>
/// Checks a menu definition against what the running service has: its prompt catalog and its transfer allow-list.
/// The host registers the one its calls use, so the API's Validate and Publish judge a definition exactly as a
/// call would load it.
/// </summary>
public interface IFlowValidator
{
    /// <summary>Every problem of <paramref name="yaml"/> (named <paramref name="sourceName"/> in the problems); never throws on bad input.</summary>
    FlowLoadResult Validate(string yaml, string sourceName);
}
