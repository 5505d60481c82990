using System.Buffers.Binary;
using System.Buffers.Text;

namespace IvrService.Api.Internal;

/// <summary>
/// The opaque cursor of StreamSurveyResults: a position in the ordered change table (<c>survey_result_changes</c>).
/// Layout (base64url, no padding): version 1, the position as a big-endian 64-bit integer.
/// </summary>
internal static class SurveyResultStreamCursor
{
    private const byte Version = 1;
    private const int Length = 1 + 8;

    public static string Encode(long position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], position);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Reads a cursor; false for anything this server did not make.</summary>
    public static bool TryDecode(string cursor, out long position)
    {
        position = 0;
        Span<byte> bytes = stackalloc byte[Length + 3];
        if (cursor.Length > 32 || !Base64Url.IsValid(cursor) || !Base64Url.TryDecodeFromChars(cursor, bytes, out var written)
            || written != Length || bytes[0] != Version)
        {
            return false;
        }

        position = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        return position >= 0;
    }
}
