namespace IvrService.Host.Calls.Outbound;

/// <summary>What answered an outbound call, as the answer screen judged it, and why.</summary>
internal sealed record AnswerVerdict(bool IsMachine, string Detail);
