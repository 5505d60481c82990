namespace IvrService.Storage;

/// <summary>
/// The do-not-call list (<c>do_not_call</c>): numbers in E.164 that no happy call is placed to. Numbers given here
/// must already be normalised (<see cref="IvrService.Flows.PhoneNumbers"/>).
/// </summary>
public interface IDoNotCallList
{
    /// <summary>True when <paramref name="phone"/> (E.164) is on the list.</summary>
    Task<bool> ContainsAsync(string phone, CancellationToken cancellationToken);

    /// <summary>
    /// Puts the number on the list unless it is there already (then the stored entry is kept and returned, and
    /// nothing is written). <paramref name="audit"/>, when given, is written in the same transaction as the insert.
    /// </summary>
    Task<(DoNotCallEntry Entry, bool Added)> AddAsync(DoNotCallEntry entry, AdminAuditEntry? audit, CancellationToken cancellationToken);

    /// <summary>Takes the number off the list; the removed entry, or null when it was not on it (nothing written).</summary>
    Task<DoNotCallEntry?> RemoveAsync(string phone, AdminAuditEntry? audit, CancellationToken cancellationToken);

    /// <summary>
    /// Entries newest first (by time added, then number), after <paramref name="after"/> when given, only numbers
    /// starting with <paramref name="phonePrefix"/> when given; at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<DoNotCallEntry>> ListAsync(string? phonePrefix, DoNotCallCursor? after, int limit, CancellationToken cancellationToken);
}
