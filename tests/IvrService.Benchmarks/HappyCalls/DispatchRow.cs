namespace IvrService.Benchmarks.HappyCalls;

/// <summary>A first attempt: when its call was due, when an instance claimed it, which one, and how it ended.</summary>
internal sealed record DispatchRow(DateTimeOffset DueAt, DateTimeOffset ClaimedAt, string ClaimedBy, string? Outcome);
