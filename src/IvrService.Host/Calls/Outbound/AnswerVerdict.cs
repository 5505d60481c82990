namespace IvrService.Host.Calls.Outbound;

/// <summary>What answered an outbound call, as the answer screen judged it, and why.</summary>
internal sealed record AnswerVerdict(bool IsMachine, string Detail)
{
    /// <summary>The key whose press ended the screening (a person), taken off the call's keys; null otherwise.</summary>
    public char? Key { get; init; }
}
