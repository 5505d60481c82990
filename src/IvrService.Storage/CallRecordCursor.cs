namespace IvrService.Storage;

/// <summary>
/// Where a paged listing of call records goes on: after the row (<paramref name="OfferedAt"/>, <paramref name="Id"/>)
/// in the order newest first, among the rows whose id is at most <paramref name="SnapshotMaxId"/> — the highest id
/// when the first page was read, so rows inserted while a client pages never shift or repeat what it sees.
/// </summary>
public sealed record CallRecordCursor(DateTimeOffset OfferedAt, long Id, long SnapshotMaxId);
