using System.Globalization;
using System.Text;
using IvrService.Storage.HappyCalls;

namespace IvrService.Api.Internal;

/// <summary>
/// The opaque page token of ListSurveyResults (a <see cref="KeysetPageToken"/> without a snapshot): the keyset position
/// after the last result of a page — updated time, id — and the fingerprint of the filters it was made for. Results
/// written after the first page sort before the position, so they never shift later pages.
/// </summary>
internal static class SurveyResultPageToken
{
    public static string Encode(SurveyResultCursor cursor, SurveyResultFilter filter)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        return KeysetPageToken.Encode(new(cursor.UpdatedAt, cursor.Id, 0), withSnapshot: false, Filters(filter));
    }

    /// <summary>Reads a token made for <paramref name="filter"/>; the error says what is wrong with it.</summary>
    public static bool TryDecode(string token, SurveyResultFilter filter, out SurveyResultCursor? cursor, out string? error)
    {
        var read = KeysetPageToken.TryDecode(token, "ListSurveyResults", withSnapshot: false, Filters(filter), out var position, out error);
        cursor = read ? new SurveyResultCursor(position.At, position.Id) : null;
        return read;
    }

    private static string Filters(SurveyResultFilter filter)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{filter.UpdatedFrom?.UtcTicks}|{filter.UpdatedTo?.UtcTicks}|{filter.TechnicianId?.Length}:{filter.TechnicianId}|{filter.ServiceType?.Length}:{filter.ServiceType}|{filter.Escalated}|");
        text.AppendJoin(',', filter.Outcomes.Distinct().Order().Select(o => o.ToString()));
        return text.ToString();
    }
}
