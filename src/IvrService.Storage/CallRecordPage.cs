namespace IvrService.Storage;

/// <summary>One page of call records, newest first, and where the next page starts (null after the last).</summary>
public sealed record CallRecordPage(IReadOnlyList<CallRecord> Records, CallRecordCursor? Next);
