namespace IvrService.Storage;

/// <summary>The audit log of admin changes (<c>admin_audit</c>): appended to by every admin action, never changed.</summary>
public interface IAdminAuditLog
{
    Task AppendAsync(AdminAuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The newest entries first, at most <paramref name="limit"/>; only those of <paramref name="target"/> when given.</summary>
    Task<IReadOnlyList<AdminAuditEntry>> ListAsync(string? target, int limit, CancellationToken cancellationToken);
}
