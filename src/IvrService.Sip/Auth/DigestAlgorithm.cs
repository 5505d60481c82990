namespace IvrService.Sip.Auth;

/// <summary>The Digest algorithms we implement (RFC 7616 §3.3, registered for SIP by RFC 8760).</summary>
internal enum DigestAlgorithm
{
    Md5,
    Md5Sess,
    Sha256,
    Sha256Sess,
    Sha512256,
    Sha512256Sess,
}

internal static class DigestAlgorithms
{
    /// <summary>Parses an algorithm token case-insensitively (RFC 7616 §3.3: "MD5", "SHA-256-sess", ...).</summary>
    public static bool TryParse(ReadOnlySpan<char> token, out DigestAlgorithm algorithm)
    {
        algorithm = default;
        if (token.Equals("MD5", StringComparison.OrdinalIgnoreCase))
        {
            algorithm = DigestAlgorithm.Md5;
        }
        else if (token.Equals("MD5-sess", StringComparison.OrdinalIgnoreCase))
        {
            algorithm = DigestAlgorithm.Md5Sess;
        }
        else if (token.Equals("SHA-256", StringComparison.OrdinalIgnoreCase))
        {
            algorithm = DigestAlgorithm.Sha256;
        }
        else if (token.Equals("SHA-256-sess", StringComparison.OrdinalIgnoreCase))
        {
            algorithm = DigestAlgorithm.Sha256Sess;
        }
        else if (token.Equals("SHA-512-256", StringComparison.OrdinalIgnoreCase))
        {
            algorithm = DigestAlgorithm.Sha512256;
        }
        else if (token.Equals("SHA-512-256-sess", StringComparison.OrdinalIgnoreCase))
        {
            algorithm = DigestAlgorithm.Sha512256Sess;
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>The token as RFC 7616 spells it, for the algorithm parameter we send.</summary>
    public static string ToToken(this DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Md5 => "MD5",
        DigestAlgorithm.Md5Sess => "MD5-sess",
        DigestAlgorithm.Sha256 => "SHA-256",
        DigestAlgorithm.Sha256Sess => "SHA-256-sess",
        DigestAlgorithm.Sha512256 => "SHA-512-256",
        DigestAlgorithm.Sha512256Sess => "SHA-512-256-sess",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    /// <summary>The "-sess" variants fold the nonce and cnonce into A1 (RFC 7616 §3.4.2).</summary>
    public static bool IsSession(this DigestAlgorithm algorithm) =>
        algorithm is DigestAlgorithm.Md5Sess or DigestAlgorithm.Sha256Sess or DigestAlgorithm.Sha512256Sess;

    /// <summary>
    /// Our local preference when a server offers several challenges (RFC 8760 lets a UAC apply one):
    /// the stronger hash wins; the session and non-session variants of one hash are equally strong.
    /// </summary>
    public static int Strength(this DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha512256 or DigestAlgorithm.Sha512256Sess => 3,
        DigestAlgorithm.Sha256 or DigestAlgorithm.Sha256Sess => 2,
        _ => 1,
    };

    /// <summary>Length in bytes of the algorithm's hash output.</summary>
    public static int HashSizeInBytes(this DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Md5 or DigestAlgorithm.Md5Sess => 16,
        _ => 32,
    };
}
