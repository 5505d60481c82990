namespace IvrService.Storage;

/// <summary>A flow was published as one kind while its id is stored as the other (a menu id as a survey or the reverse).</summary>
public sealed class FlowKindMismatchException : InvalidOperationException
{
    public FlowKindMismatchException(string flowId, DefinitionKind storedKind, DefinitionKind requestedKind)
        : base($"'{flowId}' is stored as a {Name(storedKind)}, not a {Name(requestedKind)}; nothing was stored.")
    {
        FlowId = flowId;
        StoredKind = storedKind;
        RequestedKind = requestedKind;
    }

    public FlowKindMismatchException()
    {
        FlowId = "";
    }

    public FlowKindMismatchException(string message)
        : base(message)
    {
        FlowId = "";
    }

    public FlowKindMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        FlowId = "";
    }

    public string FlowId { get; }

    public DefinitionKind StoredKind { get; }

    public DefinitionKind RequestedKind { get; }

    /// <summary>The kind's word: <c>menu</c> or <c>survey</c>.</summary>
    public static string Name(DefinitionKind kind) => kind == DefinitionKind.Survey ? "survey" : "menu";
}
