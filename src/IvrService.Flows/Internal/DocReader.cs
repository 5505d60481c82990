using IvrService.Flows.Definitions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace IvrService.Flows.Internal;

/// <summary>
/// Reads one YAML document into a <see cref="DocNode"/> tree that keeps the line and column of every node.
/// Anchors and aliases are resolved; a second document is an error. Nesting is limited: the reader recurses per level,
/// and a text of a million '[' would otherwise overflow the stack and end the process.
/// </summary>
internal static class DocReader
{
    /// <summary>The deepest nesting of lists and mappings read; menus and surveys need a handful of levels.</summary>
    public const int MaxDepth = 64;

    /// <summary>The root node, or null for an empty document. Throws <see cref="DocSyntaxException"/>.</summary>
    public static DocNode? Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, DocNode>(StringComparer.Ordinal);
        try
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = parser.Accept<DocumentEnd>(out _) ? null : ReadNode(parser, anchors, 1);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                throw new DocSyntaxException(At(second.Start), "a file holds one YAML document; remove the second '---'");
            }

            return root;
        }
        catch (YamlException e)
        {
            throw new DocSyntaxException(At(e.Start), e.Message);
        }
        catch (InvalidOperationException)
        {
            // The scanner gives up this way when the text ends inside a flow collection ("[1, 2" or "{a: 1").
            var where = parser.Current is { } last ? At(last.End) : new SourceLocation(1, 1);
            throw new DocSyntaxException(where, "the text ends inside a [ ] list or { } mapping that is never closed");
        }
    }

    private static DocNode ReadNode(Parser parser, Dictionary<string, DocNode> anchors, int depth)
    {
        if (depth > MaxDepth)
        {
            var where = parser.Current is { } current ? At(current.Start) : new SourceLocation(1, 1);
            throw new DocSyntaxException(where, $"lists and mappings are nested deeper than {MaxDepth} levels");
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var target)
                ? target
                : throw new DocSyntaxException(At(alias.Start), $"alias '*{alias.Value.Value}' refers to no anchor defined before it");
        }

        DocNode node;
        NodeEvent start;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            start = scalar;
            node = new DocScalar(At(scalar.Start), scalar.Value, scalar.Style == ScalarStyle.Plain);
        }
        else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            start = sequenceStart;
            var items = new List<DocNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser, anchors, depth + 1));
            }

            node = new DocSequence(At(sequenceStart.Start), items);
        }
        else
        {
            var mappingStart = parser.Consume<MappingStart>();
            start = mappingStart;
            var entries = new List<KeyValuePair<DocNode, DocNode>>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(parser, anchors, depth + 1);
                var value = ReadNode(parser, anchors, depth + 1);
                entries.Add(new(key, value));
            }

            node = new DocMapping(At(mappingStart.Start), entries);
        }

        if (!start.Anchor.IsEmpty)
        {
            anchors[start.Anchor.Value] = node;
        }

        return node;
    }

    private static SourceLocation At(Mark mark) => new((int)mark.Line, (int)mark.Column);
}
