using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace IvrService.Sip.Auth;

/// <summary>
/// The credentials in an Authorization / Proxy-Authorization header value (RFC 3261 §22.4, RFC 7616 §3.4),
/// as a registrar receives them.
/// </summary>
internal sealed class DigestAuthorization
{
    private static readonly string[] ParameterNames =
        ["username", "realm", "nonce", "uri", "response", "algorithm", "opaque", "qop", "cnonce", "nc"];

    private DigestAuthorization(string username, string realm, string nonce, string uri, string response)
    {
        Username = username;
        Realm = realm;
        Nonce = nonce;
        Uri = uri;
        Response = response;
    }

    public string Username { get; }

    public string Realm { get; }

    public string Nonce { get; }

    public string Uri { get; }

    public string Response { get; }

    /// <summary>The algorithm, or null when the client named one we do not implement.</summary>
    public DigestAlgorithm? Algorithm { get; private init; }

    public string? Opaque { get; private init; }

    /// <summary>"auth" (lower-cased) or another qop the client chose; null for the RFC 2069 form.</summary>
    public string? Qop { get; private init; }

    public string? Cnonce { get; private init; }

    /// <summary>The nc parameter exactly as sent (8 hex digits), so that it can be hashed as sent.</summary>
    public string? NonceCountText { get; private init; }

    /// <summary>The nc parameter's value, for replay checks; 0 when absent.</summary>
    public uint NonceCount { get; private init; }

    /// <summary>
    /// Parses an Authorization value. Returns false unless it is Digest with username, realm, nonce, uri
    /// and response, and (when qop is present) cnonce and an 8-hex-digit nc. Never throws.
    /// </summary>
    public static bool TryParse(string? headerValue, [NotNullWhen(true)] out DigestAuthorization? authorization)
    {
        authorization = null;
        if (!AuthParameterReader.TryStart(headerValue, "Digest", out var reader))
        {
            return false;
        }

        var values = new string?[ParameterNames.Length];
        while (reader.TryReadNext(out var name, out var value))
        {
            var index = IndexOfParameter(name);
            if (index < 0)
            {
                continue;
            }

            if (values[index] is not null)
            {
                // A repeated directive is ambiguous: refuse rather than guess which one was meant.
                return false;
            }

            values[index] = value;
        }

        var (username, realm, nonce, uri, response) = (values[0], values[1], values[2], values[3], values[4]);
        var (algorithm, opaque, qop, cnonce, nc) = (values[5], values[6], values[7], values[8], values[9]);
        if (reader.IsMalformed || username is null || realm is null || string.IsNullOrEmpty(nonce)
            || string.IsNullOrEmpty(uri) || string.IsNullOrEmpty(response))
        {
            return false;
        }

        uint count = 0;
        if (qop is not null)
        {
            if (string.IsNullOrEmpty(cnonce) || nc is not { Length: 8 }
                || !uint.TryParse(nc, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out count))
            {
                return false;
            }
        }

        DigestAlgorithm? parsedAlgorithm = algorithm is null ? DigestAlgorithm.Md5 : null;
        if (algorithm is not null && DigestAlgorithms.TryParse(algorithm, out var known))
        {
            parsedAlgorithm = known;
        }

        authorization = new DigestAuthorization(username, realm, nonce, uri, response)
        {
            Algorithm = parsedAlgorithm,
            Opaque = opaque,
            Qop = qop?.ToLowerInvariant(),
            Cnonce = cnonce,
            NonceCountText = nc,
            NonceCount = count,
        };
        return true;
    }

    private static int IndexOfParameter(ReadOnlySpan<char> name)
    {
        for (var i = 0; i < ParameterNames.Length; i++)
        {
            if (name.Equals(ParameterNames[i], StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
