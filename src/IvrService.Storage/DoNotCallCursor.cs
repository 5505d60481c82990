namespace IvrService.Storage;

/// <summary>Where a page of the do-not-call list ends (newest first): the last entry's time and number.</summary>
public sealed record DoNotCallCursor(DateTimeOffset AddedAt, string Phone);
