using System.Security.Cryptography;
using System.Text;

namespace IvrService.Testing;

/// <summary>
/// HTTP digest as SIP uses it (RFC 2617, RFC 7616 for SHA-256, RFC 8760 for SIP), computed
/// independently of the product so tests can check what our stack sends or accepts.
/// </summary>
public static class DigestAuth
{
    /// <summary>
    /// The response value: H(H(A1):nonce[:nc:cnonce:qop]:H(A2)) with A1 = user:realm:password and
    /// A2 = method:uri. <paramref name="algorithm"/> is MD5 or SHA-256.
    /// </summary>
    public static string ComputeResponse(
        string algorithm, string user, string realm, string password, string method, string uri, string nonce,
        string? qop = null, string? nonceCount = null, string? clientNonce = null)
    {
        var ha1 = Hash(algorithm, $"{user}:{realm}:{password}");
        var ha2 = Hash(algorithm, $"{method}:{uri}");
        return string.IsNullOrEmpty(qop)
            ? Hash(algorithm, $"{ha1}:{nonce}:{ha2}")
            : Hash(algorithm, $"{ha1}:{nonce}:{nonceCount}:{clientNonce}:{qop}:{ha2}");
    }

    /// <summary>An Authorization/Proxy-Authorization value with qop=auth.</summary>
    public static string BuildAuthorization(
        string algorithm, string user, string realm, string password, string method, string uri, string nonce,
        string clientNonce = "0a4f113b", string nonceCount = "00000001")
    {
        var response = ComputeResponse(algorithm, user, realm, password, method, uri, nonce, "auth", nonceCount, clientNonce);
        return $"Digest username=\"{user}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", " +
               $"response=\"{response}\", algorithm={algorithm}, cnonce=\"{clientNonce}\", qop=auth, nc={nonceCount}";
    }

    /// <summary>
    /// True when the response in an Authorization value matches <paramref name="password"/>
    /// for <paramref name="method"/> (user, realm, nonce, uri, qop, nc, cnonce are taken from it;
    /// a missing algorithm means MD5).
    /// </summary>
    public static bool Verify(string authorization, string method, string password)
    {
        var p = ParseParameters(authorization);
        if (!p.TryGetValue("response", out var response) || !p.TryGetValue("username", out var user)
            || !p.TryGetValue("realm", out var realm) || !p.TryGetValue("nonce", out var nonce) || !p.TryGetValue("uri", out var uri))
        {
            return false;
        }

        var expected = ComputeResponse(
            p.GetValueOrDefault("algorithm", "MD5"), user, realm, password, method, uri, nonce,
            p.GetValueOrDefault("qop"), p.GetValueOrDefault("nc"), p.GetValueOrDefault("cnonce"));
        return string.Equals(expected, response, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The name=value pairs of a digest challenge or credentials ("Digest " prefix optional), quotes removed.</summary>
    public static IReadOnlyDictionary<string, string> ParseParameters(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var text = value.Trim();
        if (text.StartsWith("Digest", StringComparison.OrdinalIgnoreCase))
        {
            text = text[6..];
        }

        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            var eq = text.IndexOf('=', i);
            if (eq < 0)
            {
                break;
            }

            var name = text[i..eq].Trim();
            i = eq + 1;
            string parameter;
            if (i < text.Length && text[i] == '"')
            {
                var end = text.IndexOf('"', i + 1);
                end = end < 0 ? text.Length : end;
                parameter = text[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                var end = text.IndexOf(',', i);
                end = end < 0 ? text.Length : end;
                parameter = text[i..end].Trim();
                i = end;
            }

            result[name] = parameter;
        }

        return result;
    }

    private static string Hash(string algorithm, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var digest = algorithm.ToUpperInvariant() switch
        {
#pragma warning disable CA5351 // SIP digest mandates MD5; this checks peers, it protects nothing.
            "MD5" => MD5.HashData(bytes),
#pragma warning restore CA5351
            "SHA-256" => SHA256.HashData(bytes),
            _ => throw new NotSupportedException($"digest algorithm '{algorithm}'"),
        };
        return Convert.ToHexStringLower(digest);
    }
}
