namespace IvrService.Storage;

/// <summary>A publish that expected a version to be current found another one current (someone published first).</summary>
public sealed class FlowVersionConflictException : Exception
{
    public FlowVersionConflictException()
    {
        FlowId = "";
    }

    public FlowVersionConflictException(string message)
        : base(message)
    {
        FlowId = "";
    }

    public FlowVersionConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
        FlowId = "";
    }

    public FlowVersionConflictException(string flowId, int expectedVersion, int? currentVersion)
        : base(currentVersion is { } current
            ? $"Flow '{flowId}' is at version {current}, not {expectedVersion}."
            : $"Flow '{flowId}' has no current version; {expectedVersion} was expected.")
    {
        FlowId = flowId;
        ExpectedVersion = expectedVersion;
        CurrentVersion = currentVersion;
    }

    public string FlowId { get; }

    public int ExpectedVersion { get; }

    public int? CurrentVersion { get; }
}
