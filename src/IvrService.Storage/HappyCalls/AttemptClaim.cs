namespace IvrService.Storage.HappyCalls;

/// <summary>An attempt claimed in <c>happy_call_attempts</c>: only its claimer dials it.</summary>
public sealed record AttemptClaim(HappyCall Call, int Attempt, string ClaimedBy, DateTimeOffset ClaimedAt);
