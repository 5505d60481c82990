namespace IvrService.Storage;

/// <summary>
/// Where a paged listing of the admin audit log goes on: after the entry (<paramref name="At"/>, <paramref name="Id"/>)
/// in the order newest first, among the entries whose id is at most <paramref name="SnapshotMaxId"/> — the highest id
/// when the first page was read, so changes audited while a client pages never shift or repeat what it sees.
/// </summary>
public sealed record AdminAuditCursor(DateTimeOffset At, long Id, long SnapshotMaxId);
