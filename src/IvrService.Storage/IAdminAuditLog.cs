namespace IvrService.Storage;

/// <summary>The audit log of admin changes (<c>admin_audit</c>): appended to by every admin action, never changed.</summary>
public interface IAdminAuditLog
{
    /// <summary>The most entries one page may hold.</summary>
    const int MaxPageSize = 1000;

    Task AppendAsync(AdminAuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The newest entries first, at most <paramref name="limit"/>; only those of <paramref name="target"/> when given.</summary>
    Task<IReadOnlyList<AdminAuditEntry>> ListAsync(string? target, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="pageSize"/> entries matching <paramref name="filter"/>, newest first (time, then id),
    /// starting after <paramref name="after"/> (null: the first page, which fixes the snapshot). The next page's cursor
    /// is null when no entry follows.
    /// </summary>
    Task<AdminAuditPage> ListPageAsync(AdminAuditFilter filter, AdminAuditCursor? after, int pageSize, CancellationToken cancellationToken);
}
