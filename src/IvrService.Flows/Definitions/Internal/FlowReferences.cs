namespace IvrService.Flows.Definitions.Internal;

/// <summary>A node naming another node as where to go (an option, next, found, after_retries…).</summary>
internal sealed record TargetReference(string FromNode, string Target, string Path, SourceLocation Location);

/// <summary>
/// A prompt key a node says, checked against the catalog for every language of the flow, or only for
/// <see cref="Language"/> when the item is always said in one language.
/// </summary>
internal sealed record PromptReference(string Key, string Path, SourceLocation Location, string? Language = null, string? OnlyIn = null);

/// <summary>A variable a node reads, such as <c>{caller}</c> or <c>{request.status}</c>.</summary>
internal sealed record VariableReference(string FromNode, string Name, string Path, SourceLocation Location);

/// <summary>A node as read, even when a field of it was wrong: enough for the graph checks.</summary>
internal sealed record ParsedNode(string Id, string Type, SourceLocation Location, FlowNode? Node);
