using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace IvrService.Api;

/// <summary>
/// Makes API keys and the hashes stored for them. The hash is the SHA-256 of the key's UTF-8 bytes, as 64 hex digits;
/// on a shell it is <c>printf %s "$KEY" | sha256sum</c>.
/// </summary>
public static class ApiKeyHash
{
    /// <summary>Prefix of the keys <see cref="NewKey"/> makes (so a leaked one is recognisable).</summary>
    public const string KeyPrefix = "ivr_";

    /// <summary>Length of a hash in hex digits.</summary>
    public const int HexLength = 64;

    /// <summary>A new random key: <see cref="KeyPrefix"/> and 256 random bits in base64url.</summary>
    public static string NewKey() => KeyPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The SHA-256 hash of <paramref name="key"/> as 64 lowercase hex digits, the form <c>Api:Keys:N:Sha256</c> takes.</summary>
    public static string ToHex(string key) => Convert.ToHexStringLower(Compute(key));

    /// <summary>The SHA-256 hash of <paramref name="key"/>'s UTF-8 bytes.</summary>
    public static byte[] Compute(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>Reads a hash given as 64 hex digits (either case); false when it is not one.</summary>
    public static bool TryParseHex(string? hex, out byte[] hash)
    {
        hash = [];
        if (hex is null || hex.Length != HexLength)
        {
            return false;
        }

        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        hash = Convert.FromHexString(hex);
        return true;
    }
}
