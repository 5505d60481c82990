namespace IvrService.HappyCalls;

/// <summary>A reported service that cannot be scheduled; one problem per bad field, named as in the proto.</summary>
public sealed class ServiceCompletionException(IReadOnlyList<(string Field, string Problem)> problems)
    : Exception(string.Join("; ", problems.Select(p => p.Field + ": " + p.Problem)))
{
    public IReadOnlyList<(string Field, string Problem)> Problems { get; } = problems;
}
