namespace IvrService.Flows.Definitions;

/// <summary>
/// Something wrong with a definition: the file, the node path (e.g. <c>nodes.main.options.1</c>), the
/// reason, and where in the file when known.
/// </summary>
public sealed record FlowProblem(string File, string NodePath, string Reason, SourceLocation? Location = null)
{
    public override string ToString() =>
        Location is { } at ? $"{File}:{at.Line}:{at.Column}: {NodePath}: {Reason}" : $"{File}: {NodePath}: {Reason}";
}
