using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;
using IvrService.Storage;

namespace IvrService.Api.Internal;

/// <summary>
/// The opaque page token of ListDoNotCall: where the page ended (the last entry's time added and number; the list is
/// newest first), so numbers added since never shift a page. Layout (base64url): version 1, the time in UTC ticks
/// (int64), the number in UTF-8.
/// </summary>
internal static class DoNotCallPageToken
{
    private const byte Version = 1;
    private const int MaxLength = 64;

    public static string Encode(DoNotCallCursor cursor)
    {
        var phone = Encoding.UTF8.GetBytes(cursor.Phone);
        var bytes = new byte[1 + 8 + phone.Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), cursor.AddedAt.UtcTicks);
        phone.CopyTo(bytes.AsSpan(9));
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string token, out DoNotCallCursor? cursor)
    {
        cursor = null;
        if (token.Length > MaxLength || !Base64Url.IsValid(token))
        {
            return false;
        }

        var bytes = Base64Url.DecodeFromChars(token);
        if (bytes.Length < 10 || bytes[0] != Version)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1));
        if (ticks < 0 || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        var phone = Encoding.UTF8.GetString(bytes.AsSpan(9));
        if (phone[0] != '+' || phone.AsSpan(1).IndexOfAnyExceptInRange('0', '9') >= 0)
        {
            return false;
        }

        cursor = new DoNotCallCursor(new DateTimeOffset(ticks, TimeSpan.Zero), phone);
        return true;
    }
}
