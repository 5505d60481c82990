namespace IvrService.HappyCalls;

/// <summary>The name this instance claims attempts under (host name and process id unless configured).</summary>
public sealed record HappyCallInstance(string Name)
{
    public static HappyCallInstance Default { get; } = new($"{Environment.MachineName}:{Environment.ProcessId}");
}
