namespace IvrService.HappyCalls;

/// <summary>How many outbound calls may be up at once across every instance (the trunk's channels unless configured).</summary>
public sealed record DialCapacity(int ConcurrentCalls);
