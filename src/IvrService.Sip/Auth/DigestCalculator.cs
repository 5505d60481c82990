using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace IvrService.Sip.Auth;

/// <summary>
/// The Digest computations (RFC 7616 §3.4.1–3.4.3, RFC 2617 §3.2.2), shared by the client and the verifier.
/// All hashes are lower-case hex strings, as the RFCs define them.
/// </summary>
internal static class DigestCalculator
{
    private const int StackLimit = 512;

    /// <summary>
    /// The request-digest for a password: works out A1 (including the "-sess" form) and delegates to
    /// <see cref="ComputeResponseFromHa1"/>. <paramref name="qop"/> null means the RFC 2069 form.
    /// </summary>
    public static string ComputeResponse(
        DigestAlgorithm algorithm,
        string username,
        string realm,
        string password,
        string method,
        string digestUri,
        string nonce,
        string? qop,
        string? nonceCount,
        string? cnonce)
    {
        var ha1 = ComputeHa1(algorithm, username, realm, password);
        return ComputeResponseFromHa1(algorithm, ha1, method, digestUri, nonce, qop, nonceCount, cnonce);
    }

    /// <summary>
    /// The request-digest from a stored H(username:realm:password), which is what a registrar should keep
    /// instead of the password. For "-sess" algorithms the session A1 is derived here.
    /// </summary>
    public static string ComputeResponseFromHa1(
        DigestAlgorithm algorithm,
        string ha1,
        string method,
        string digestUri,
        string nonce,
        string? qop,
        string? nonceCount,
        string? cnonce)
    {
        if (algorithm.IsSession())
        {
            if (cnonce is null)
            {
                throw new ArgumentException("A -sess algorithm needs a cnonce.", nameof(cnonce));
            }

            ha1 = HashHex(algorithm, string.Concat(ha1, ":", nonce, ":", cnonce));
        }

        // qop=auth: A2 = method:uri. (auth-int would add H(entity-body); we never offer or answer it.)
        var ha2 = HashHex(algorithm, string.Concat(method, ":", digestUri));
        if (qop is null)
        {
            return HashHex(algorithm, string.Concat(ha1, ":", nonce, ":", ha2));
        }

        if (nonceCount is null || cnonce is null)
        {
            throw new ArgumentException("qop needs a nonce count and a cnonce.", nameof(qop));
        }

        return HashHex(algorithm, string.Join(':', ha1, nonce, nonceCount, cnonce, qop, ha2));
    }

    /// <summary>H(username ":" realm ":" password).</summary>
    public static string ComputeHa1(DigestAlgorithm algorithm, string username, string realm, string password) =>
        HashHex(algorithm, string.Concat(username, ":", realm, ":", password));

    /// <summary>The algorithm's hash of the UTF-8 bytes of <paramref name="input"/>, as lower-case hex.</summary>
    public static string HashHex(DigestAlgorithm algorithm, string input)
    {
        var byteCount = Encoding.UTF8.GetByteCount(input);
        byte[]? rented = null;
        var buffer = byteCount <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(byteCount));
        buffer = buffer[..Encoding.UTF8.GetBytes(input, buffer)];
        try
        {
            Span<byte> hash = stackalloc byte[32];
            hash = hash[..algorithm.HashSizeInBytes()];
            switch (algorithm)
            {
                case DigestAlgorithm.Md5 or DigestAlgorithm.Md5Sess:
#pragma warning disable CA5351 // MD5 is what RFC 2617 Digest is defined with; peers still require it.
                    MD5.HashData(buffer, hash);
#pragma warning restore CA5351
                    break;
                case DigestAlgorithm.Sha256 or DigestAlgorithm.Sha256Sess:
                    SHA256.HashData(buffer, hash);
                    break;
                default:
                    Sha512T256.HashData(buffer, hash);
                    break;
            }

            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            // A1 contains the password: do not leave it lying around in pooled memory.
            CryptographicOperations.ZeroMemory(buffer);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
