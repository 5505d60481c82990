namespace IvrService.Storage;

/// <summary>Reads call records for the API: by id, and in filtered pages with keyset pagination.</summary>
public interface ICallRecordQueries
{
    /// <summary>The most rows one page may hold.</summary>
    const int MaxPageSize = 1000;

    /// <summary>The call record with this id, or null.</summary>
    Task<CallRecord?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// The call record with this id, its steps through its menu (empty when no menu ran) and its key presses, read in one
    /// round trip; or null.
    /// </summary>
    Task<CallRecordDetail?> GetDetailAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="pageSize"/> records matching <paramref name="filter"/>, newest first (offer time, then
    /// id), starting after <paramref name="after"/> (null: the first page, which fixes the snapshot). The next page's
    /// cursor is null when no record follows.
    /// </summary>
    Task<CallRecordPage> ListPageAsync(
        CallRecordFilter filter, CallRecordCursor? after, int pageSize, CancellationToken cancellationToken);
}
