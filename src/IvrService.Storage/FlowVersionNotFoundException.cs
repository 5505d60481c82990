namespace IvrService.Storage;

/// <summary>The flow, or the version of it that was asked for, is not stored.</summary>
public sealed class FlowVersionNotFoundException : Exception
{
    public FlowVersionNotFoundException()
    {
        FlowId = "";
    }

    public FlowVersionNotFoundException(string message)
        : base(message)
    {
        FlowId = "";
    }

    public FlowVersionNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        FlowId = "";
    }

    public FlowVersionNotFoundException(string flowId, int? version)
        : base(version is { } v ? $"Flow '{flowId}' has no version {v}." : $"Flow '{flowId}' is not stored.")
    {
        FlowId = flowId;
        Version = version;
    }

    public string FlowId { get; }

    public int? Version { get; }
}
