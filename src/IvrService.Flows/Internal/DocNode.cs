using IvrService.Flows.Definitions;

namespace IvrService.Flows.Internal;

/// <summary>A node of a YAML document with where it starts; the tree the definition and catalog readers walk.</summary>
internal abstract class DocNode(SourceLocation location)
{
    public SourceLocation Location { get; } = location;

    /// <summary>How the node is named in messages: "text", "list" or "mapping".</summary>
    public abstract string Kind { get; }
}

internal sealed class DocScalar(SourceLocation location, string value, bool isPlain) : DocNode(location)
{
    public string Value { get; } = value;

    /// <summary>Written without quotes: only then are <c>~</c>, <c>null</c> and nothing at all read as "no value".</summary>
    public bool IsPlain { get; } = isPlain;

    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Kind => IsNull ? "empty value" : "text";
}

internal sealed class DocSequence(SourceLocation location, IReadOnlyList<DocNode> items) : DocNode(location)
{
    public IReadOnlyList<DocNode> Items { get; } = items;

    public override string Kind => "list";
}

internal sealed class DocMapping(SourceLocation location, IReadOnlyList<KeyValuePair<DocNode, DocNode>> entries) : DocNode(location)
{
    public IReadOnlyList<KeyValuePair<DocNode, DocNode>> Entries { get; } = entries;

    public override string Kind => "mapping";
}
