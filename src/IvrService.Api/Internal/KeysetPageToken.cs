using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace IvrService.Api.Internal;

/// <summary>
/// The page tokens of the list methods that page newest first by (time, id): an opaque base64url token holding where
/// the next page starts — the last row's time and id, and for snapshot listings the highest id when the first page was
/// read — and a fingerprint of the filters it was made for (the first 8 bytes of SHA-256 of their text), so a token
/// given with other filters is refused instead of silently paging another listing.
/// Layout: version 1, the time in UTC ticks, the id, [the snapshot id,] the fingerprint; integers big-endian.
/// </summary>
internal static class KeysetPageToken
{
    private const byte Version = 1;
    private const int MaxLength = 1 + 8 + 8 + 8 + 8;

    /// <summary>Where a page ends: the last row's time and id; the snapshot's highest id (0 for listings without one).</summary>
    public readonly record struct Position(DateTimeOffset At, long Id, long SnapshotMaxId);

    /// <summary>A token for <paramref name="position"/>; its snapshot id is written only <paramref name="withSnapshot"/>.</summary>
    public static string Encode(Position position, bool withSnapshot, string filters)
    {
        Span<byte> bytes = stackalloc byte[MaxLength];
        bytes = bytes[..Length(withSnapshot)];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], position.At.UtcTicks);
        BinaryPrimitives.WriteInt64BigEndian(bytes[9..], position.Id);
        if (withSnapshot)
        {
            BinaryPrimitives.WriteInt64BigEndian(bytes[17..], position.SnapshotMaxId);
        }

        BinaryPrimitives.WriteUInt64BigEndian(bytes[^8..], Fingerprint(filters));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>
    /// Reads a token of <paramref name="method"/> made for <paramref name="filters"/>; the error says what is wrong
    /// with it (not a token of the method, or made for other filters).
    /// </summary>
    public static bool TryDecode(string token, string method, bool withSnapshot, string filters, out Position position, out string? error)
    {
        position = default;
        error = "is not a page token of " + method;
        var length = Length(withSnapshot);
        Span<byte> bytes = stackalloc byte[MaxLength + 3];
        if (token.Length > 64 || !Base64Url.IsValid(token) || !Base64Url.TryDecodeFromChars(token, bytes, out var written)
            || written != length || bytes[0] != Version)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        var id = BinaryPrimitives.ReadInt64BigEndian(bytes[9..]);
        var snapshot = withSnapshot ? BinaryPrimitives.ReadInt64BigEndian(bytes[17..]) : 0;
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || id < 1 || (withSnapshot && snapshot < id))
        {
            return false;
        }

        if (BinaryPrimitives.ReadUInt64BigEndian(bytes[(length - 8)..]) != Fingerprint(filters))
        {
            error = "was made for other filters; give the same filters as the first page, or start again without a token";
            return false;
        }

        error = null;
        position = new Position(new DateTimeOffset(ticks, TimeSpan.Zero), id, snapshot);
        return true;
    }

    /// <summary>A text filter in the fingerprint text: its length first, so no two sets of filters run together alike.</summary>
    public static string Part(string? text) =>
        text is null ? "-" : text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + text;

    private static int Length(bool withSnapshot) => withSnapshot ? MaxLength : MaxLength - 8;

    private static ulong Fingerprint(string filters)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(filters), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
