using System.Globalization;
using IvrService.Storage;

namespace IvrService.Api.Internal;

/// <summary>
/// The opaque page token of ListAuditEntries (a <see cref="KeysetPageToken"/> with a snapshot): the storage cursor —
/// the change's time, the entry id, the snapshot max id — and the fingerprint of the filters it was made for.
/// </summary>
internal static class AuditPageToken
{
    public static string Encode(AdminAuditCursor cursor, AdminAuditFilter filter) =>
        KeysetPageToken.Encode(new(cursor.At, cursor.Id, cursor.SnapshotMaxId), withSnapshot: true, Filters(filter));

    /// <summary>Reads a token made for <paramref name="filter"/>; the error says what is wrong with it.</summary>
    public static bool TryDecode(string token, AdminAuditFilter filter, out AdminAuditCursor? cursor, out string? error)
    {
        var read = KeysetPageToken.TryDecode(token, "ListAuditEntries", withSnapshot: true, Filters(filter), out var position, out error);
        cursor = read ? new AdminAuditCursor(position.At, position.Id, position.SnapshotMaxId) : null;
        return read;
    }

    private static string Filters(AdminAuditFilter filter) =>
        string.Create(CultureInfo.InvariantCulture, $"audit|{filter.From?.UtcTicks}|{filter.Before?.UtcTicks}|")
        + KeysetPageToken.Part(filter.KeyName) + "|" + KeysetPageToken.Part(filter.Action) + "|" + KeysetPageToken.Part(filter.Target);
}
