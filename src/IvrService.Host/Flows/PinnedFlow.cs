using IvrService.Flows.Definitions;

namespace IvrService.Host.Flows;

/// <summary>A parsed definition and the stored version it came from; a call keeps the one it started with.</summary>
internal sealed record PinnedFlow(FlowDefinition Definition, int Version);
