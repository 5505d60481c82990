using System.Security.Cryptography;

namespace IvrService.Sip.Auth;

/// <summary>
/// Server side of Digest: checks that credentials answer a challenge correctly for a known password or
/// stored H(A1). Only the response is verified here; whether the nonce is one we issued, is still fresh,
/// and whether its nc was seen before is the registrar's nonce store's job, as is matching the realm
/// and looking up the user.
/// </summary>
internal static class DigestVerifier
{
    /// <summary>Verifies <paramref name="authorization"/> for a request with <paramref name="method"/>, given the user's password.</summary>
    public static bool Verify(DigestAuthorization authorization, string method, string password)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        ArgumentNullException.ThrowIfNull(password);
        if (authorization.Algorithm is not { } algorithm)
        {
            return false;
        }

        var ha1 = DigestCalculator.ComputeHa1(algorithm, authorization.Username, authorization.Realm, password);
        return VerifyWithHa1(authorization, method, ha1);
    }

    /// <summary>
    /// Verifies <paramref name="authorization"/> given the stored H(username:realm:password) for its
    /// algorithm (hex), so that a registrar need not keep passwords.
    /// </summary>
    public static bool VerifyWithHa1(DigestAuthorization authorization, string method, string ha1)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(ha1);
        if (authorization.Algorithm is not { } algorithm)
        {
            return false;
        }

        if (authorization.Qop is null)
        {
            // RFC 2069 form: no cnonce, so the "-sess" variants cannot be used.
            if (algorithm.IsSession())
            {
                return false;
            }
        }
        else if (authorization.Qop != "auth")
        {
            // auth-int (or anything else) is never offered by us.
            return false;
        }

        var expected = DigestCalculator.ComputeResponseFromHa1(
            algorithm,
            ha1.ToLowerInvariant(),
            method,
            authorization.Uri,
            authorization.Nonce,
            authorization.Qop,
            authorization.NonceCountText,
            authorization.Cnonce);
        return FixedTimeEqualsHex(expected, authorization.Response);
    }

    /// <summary>
    /// Compares a computed lower-case hex digest with a received one in time independent of where they
    /// differ, accepting upper-case hex from the peer.
    /// </summary>
    public static bool FixedTimeEqualsHex(string expectedLowerHex, string received)
    {
        ArgumentNullException.ThrowIfNull(expectedLowerHex);
        ArgumentNullException.ThrowIfNull(received);

        // The length and the hex alphabet are public; only the digits must not leak.
        if (received.Length != expectedLowerHex.Length || received.Length > 128 || !IsHex(received))
        {
            return false;
        }

        Span<byte> left = stackalloc byte[received.Length];
        Span<byte> right = stackalloc byte[received.Length];
        for (var i = 0; i < received.Length; i++)
        {
            left[i] = (byte)expectedLowerHex[i];

            // For [0-9a-fA-F], setting bit 0x20 lower-cases letters and leaves digits alone.
            right[i] = (byte)(received[i] | 0x20);
        }

        return CryptographicOperations.FixedTimeEquals(left, right);
    }

    private static bool IsHex(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
