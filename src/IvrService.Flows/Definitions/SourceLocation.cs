namespace IvrService.Flows.Definitions;

/// <summary>Where something was written: 1-based line and column in the source file.</summary>
public readonly record struct SourceLocation(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
