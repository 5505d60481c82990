namespace IvrService.Flows;

public enum FlowResult
{
    /// <summary>The flow reached a hang-up node.</summary>
    Completed,

    /// <summary>The caller hung up inside the flow.</summary>
    Abandoned,

    Transferred,

    MessageLeft,

    CallbackRequested,

    /// <summary>Retries exhausted with nowhere else to go.</summary>
    NoInput,

    /// <summary>The engine could not go on (a transfer with no fallback failed, a data store threw).</summary>
    Failed,
}

/// <summary>How a run of a flow ended, at which node, and the language the caller was last served in.</summary>
public sealed record FlowOutcome(FlowResult Result, string LastNodeId, string Language)
{
    /// <summary>Why the run ended this way, as written in the outcome step (e.g. the reason of a failure).</summary>
    public string? Detail { get; init; }

    /// <summary>The exception that made the run fail (a data store or the call port threw), for the caller to log.</summary>
    public Exception? Error { get; init; }
}
