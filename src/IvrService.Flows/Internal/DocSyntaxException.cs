using IvrService.Flows.Definitions;

namespace IvrService.Flows.Internal;

/// <summary>The text is not well-formed YAML: the reason and where.</summary>
internal sealed class DocSyntaxException(SourceLocation location, string reason) : Exception(reason)
{
    public SourceLocation Location { get; } = location;
}
