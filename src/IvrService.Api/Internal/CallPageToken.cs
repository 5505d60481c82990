using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IvrService.Storage;

namespace IvrService.Api.Internal;

/// <summary>
/// The opaque page token of ListCalls: the storage cursor plus a fingerprint of the filters it was made for, so a
/// token given with other filters is refused instead of silently paging another listing.
/// Layout (base64url): version 1, offered_at UTC ticks, id, snapshot max id, first 8 bytes of SHA-256(filters).
/// </summary>
internal static class CallPageToken
{
    private const byte Version = 1;
    private const int Length = 1 + 8 + 8 + 8 + 8;

    public static string Encode(CallRecordCursor cursor, CallRecordFilter filter)
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], cursor.OfferedAt.UtcTicks);
        BinaryPrimitives.WriteInt64BigEndian(bytes[9..], cursor.Id);
        BinaryPrimitives.WriteInt64BigEndian(bytes[17..], cursor.SnapshotMaxId);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[25..], Fingerprint(filter));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Reads a token made for <paramref name="filter"/>; the error says what is wrong with it.</summary>
    public static bool TryDecode(string token, CallRecordFilter filter, out CallRecordCursor? cursor, out string? error)
    {
        cursor = null;
        error = null;
        Span<byte> bytes = stackalloc byte[Length + 3];
        if (token.Length > 64 || !Base64Url.IsValid(token) || !Base64Url.TryDecodeFromChars(token, bytes, out var written) || written != Length || bytes[0] != Version)
        {
            error = "is not a page token of ListCalls";
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        var id = BinaryPrimitives.ReadInt64BigEndian(bytes[9..]);
        var snapshot = BinaryPrimitives.ReadInt64BigEndian(bytes[17..]);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || id < 1 || snapshot < id)
        {
            error = "is not a page token of ListCalls";
            return false;
        }

        if (BinaryPrimitives.ReadUInt64BigEndian(bytes[25..]) != Fingerprint(filter))
        {
            error = "was made for other filters; give the same filters as the first page, or start again without a token";
            return false;
        }

        cursor = new CallRecordCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id, snapshot);
        return true;
    }

    private static ulong Fingerprint(CallRecordFilter filter)
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

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
