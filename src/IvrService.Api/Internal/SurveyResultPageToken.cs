using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IvrService.Storage.HappyCalls;

namespace IvrService.Api.Internal;

/// <summary>
/// The opaque page token of ListSurveyResults: the keyset position after the last result of a page (updated_at, id)
/// plus a fingerprint of the filters it was made for, so a token given with other filters is refused instead of
/// silently paging another listing. Results written after the first page sort before the position, so they never
/// shift later pages. Layout (base64url): version 1, updated_at UTC ticks, id, first 8 bytes of SHA-256(filters).
/// </summary>
internal static class SurveyResultPageToken
{
    private const byte Version = 1;
    private const int Length = 1 + 8 + 8 + 8;
    private const string NotAToken = "is not a page token of ListSurveyResults";

    public static string Encode(SurveyResultCursor cursor, SurveyResultFilter filter)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], cursor.UpdatedAt.UtcTicks);
        BinaryPrimitives.WriteInt64BigEndian(bytes[9..], cursor.Id);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[17..], Fingerprint(filter));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Reads a token made for <paramref name="filter"/>; the error says what is wrong with it.</summary>
    public static bool TryDecode(string token, SurveyResultFilter filter, out SurveyResultCursor? cursor, out string? error)
    {
        cursor = null;
        error = null;
        Span<byte> bytes = stackalloc byte[Length + 3];
        if (token.Length > 64 || !Base64Url.IsValid(token) || !Base64Url.TryDecodeFromChars(token, bytes, out var written)
            || written != Length || bytes[0] != Version)
        {
            error = NotAToken;
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        var id = BinaryPrimitives.ReadInt64BigEndian(bytes[9..]);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || id < 1)
        {
            error = NotAToken;
            return false;
        }

        if (BinaryPrimitives.ReadUInt64BigEndian(bytes[17..]) != Fingerprint(filter))
        {
            error = "was made for other filters; give the same filters as the first page, or start again without a token";
            return false;
        }

        cursor = new SurveyResultCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }

    private static ulong Fingerprint(SurveyResultFilter filter)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{filter.UpdatedFrom?.UtcTicks}|{filter.UpdatedTo?.UtcTicks}|{filter.TechnicianId?.Length}:{filter.TechnicianId}|{filter.ServiceType?.Length}:{filter.ServiceType}|{filter.Escalated}|");
        text.AppendJoin(',', filter.Outcomes.Distinct().Order().Select(o => o.ToString()));
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
