namespace IvrService.Storage.HappyCalls;

/// <summary>What a cancellation did: the happy call after it and whether it was pending (and is now cancelled).</summary>
public sealed record CancelOutcome(HappyCall Call, bool Cancelled);
