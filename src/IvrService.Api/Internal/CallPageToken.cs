using System.Globalization;
using System.Text;
using IvrService.Storage;

namespace IvrService.Api.Internal;

/// <summary>
/// The opaque page token of ListCalls (a <see cref="KeysetPageToken"/> with a snapshot): the storage cursor — offered
/// time, id, snapshot max id — and the fingerprint of the filters it was made for.
/// </summary>
internal static class CallPageToken
{
    public static string Encode(CallRecordCursor cursor, CallRecordFilter filter) =>
        KeysetPageToken.Encode(new(cursor.OfferedAt, cursor.Id, cursor.SnapshotMaxId), withSnapshot: true, Filters(filter));

    /// <summary>Reads a token made for <paramref name="filter"/>; the error says what is wrong with it.</summary>
    public static bool TryDecode(string token, CallRecordFilter filter, out CallRecordCursor? cursor, out string? error)
    {
        var read = KeysetPageToken.TryDecode(token, "ListCalls", withSnapshot: true, Filters(filter), out var position, out error);
        cursor = read ? new CallRecordCursor(position.At, position.Id, position.SnapshotMaxId) : null;
        return read;
    }

    private static string Filters(CallRecordFilter filter)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{filter.Direction}|{filter.OfferedFrom?.UtcTicks}|{filter.OfferedBefore?.UtcTicks}|{filter.Caller}|");
        if (filter.EndReasons is { } reasons)
        {
            var sorted = reasons.Distinct().Order().ToArray();
            text.AppendJoin(',', sorted);
        }

        text.Append('|');
        if (filter.FlowResults is { } results)
        {
            text.AppendJoin(',', results.Distinct().Order().ToArray());
        }

        text.Append('|').Append(filter.EnteredNodeId);
        return text.ToString();
    }
}
