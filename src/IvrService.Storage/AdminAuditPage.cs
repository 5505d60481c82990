namespace IvrService.Storage;

/// <summary>One page of the admin audit log, newest first, and where the next page starts (null after the last).</summary>
public sealed record AdminAuditPage(IReadOnlyList<AdminAuditEntry> Entries, AdminAuditCursor? Next);
