using IvrService.Flows.Internal;

namespace IvrService.Flows.Definitions.Internal;

/// <summary>Every problem found in one file, in the order of where they are in it.</summary>
internal sealed class ProblemList(string file)
{
    private readonly List<FlowProblem> _problems = [];

    public int Count => _problems.Count;

    public void Add(string nodePath, string reason, SourceLocation? location) =>
        _problems.Add(new FlowProblem(file, nodePath, reason, location));

    /// <summary>
    /// The YAML tree of a definition file; false (with the syntax error added as a problem of the document) when
    /// the text is not well-formed YAML.
    /// </summary>
    public bool TryRead(string yaml, out DocNode? root)
    {
        try
        {
            root = DocReader.Read(yaml);
            return true;
        }
        catch (DocSyntaxException e)
        {
            Add("(document)", $"YAML syntax error: {e.Message}", e.Location);
            root = null;
            return false;
        }
    }

    public IReadOnlyList<FlowProblem> InFileOrder() =>
        [.. _problems.OrderBy(p => p.Location is null ? 1 : 0).ThenBy(p => p.Location?.Line ?? 0).ThenBy(p => p.Location?.Column ?? 0)];
}
