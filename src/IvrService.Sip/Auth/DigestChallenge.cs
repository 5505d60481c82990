using System.Diagnostics.CodeAnalysis;

namespace IvrService.Sip.Auth;

/// <summary>
/// One Digest challenge from a WWW-Authenticate or Proxy-Authenticate header value
/// (RFC 3261 §22.4, RFC 7616 §3.3, RFC 8760).
/// </summary>
internal sealed class DigestChallenge
{
    private DigestChallenge(string realm, string nonce)
    {
        Realm = realm;
        Nonce = nonce;
    }

    public string Realm { get; }

    public string Nonce { get; }

    public string? Opaque { get; private init; }

    /// <summary>The server refused a previous request only because its nonce had expired: retry without asking for new credentials.</summary>
    public bool Stale { get; private init; }

    /// <summary>The algorithm, or null when the server named one we do not implement (see <see cref="AlgorithmToken"/>).</summary>
    public DigestAlgorithm? Algorithm { get; private init; }

    /// <summary>The algorithm parameter as received; "MD5" when absent (RFC 2617 §3.2.1).</summary>
    public string AlgorithmToken { get; private init; } = "MD5";

    /// <summary>The qop options offered, lower-cased; empty for an RFC 2069 style challenge.</summary>
    public IReadOnlyList<string> QopOptions { get; private init; } = [];

    /// <summary>The domain parameter as received (space-separated URIs), if any.</summary>
    public string? Domain { get; private init; }

    /// <summary>Whether the challenge offers qop=auth.</summary>
    public bool OffersQopAuth
    {
        get
        {
            foreach (var qop in QopOptions)
            {
                if (qop == "auth")
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Whether we can answer this challenge: a supported algorithm, and qop=auth offered or no qop
    /// at all (legacy RFC 2069 form, which a "-sess" algorithm cannot use as it needs a cnonce).
    /// A challenge offering only auth-int is not answerable.
    /// </summary>
    public bool IsAnswerable =>
        Algorithm is { } algorithm
        && (OffersQopAuth || (QopOptions.Count == 0 && !algorithm.IsSession()));

    /// <summary>
    /// Parses a WWW-Authenticate / Proxy-Authenticate value. Returns false for anything that is not a
    /// well-formed Digest challenge with realm and nonce; never throws. An unknown algorithm still
    /// parses (with <see cref="Algorithm"/> null) so that callers can log what the server wanted.
    /// </summary>
    public static bool TryParse(string? headerValue, [NotNullWhen(true)] out DigestChallenge? challenge)
    {
        challenge = null;
        if (!AuthParameterReader.TryStart(headerValue, "Digest", out var reader))
        {
            return false;
        }

        string? realm = null, nonce = null, opaque = null, algorithm = null, qop = null, domain = null, stale = null;
        while (reader.TryReadNext(out var name, out var value))
        {
            var ok = true;
            if (name.Equals("realm", StringComparison.OrdinalIgnoreCase))
            {
                ok = SetOnce(ref realm, value);
            }
            else if (name.Equals("nonce", StringComparison.OrdinalIgnoreCase))
            {
                ok = SetOnce(ref nonce, value);
            }
            else if (name.Equals("opaque", StringComparison.OrdinalIgnoreCase))
            {
                ok = SetOnce(ref opaque, value);
            }
            else if (name.Equals("algorithm", StringComparison.OrdinalIgnoreCase))
            {
                ok = SetOnce(ref algorithm, value);
            }
            else if (name.Equals("qop", StringComparison.OrdinalIgnoreCase))
            {
                ok = SetOnce(ref qop, value);
            }
            else if (name.Equals("domain", StringComparison.OrdinalIgnoreCase))
            {
                ok = SetOnce(ref domain, value);
            }
            else if (name.Equals("stale", StringComparison.OrdinalIgnoreCase))
            {
                ok = SetOnce(ref stale, value);
            }

            // Unknown parameters (charset, userhash, extensions) are ignored, as RFC 7616 §3.3 requires.
            if (!ok)
            {
                // A repeated directive is ambiguous; which one would the server verify against?
                return false;
            }
        }

        if (reader.IsMalformed || string.IsNullOrEmpty(nonce) || realm is null)
        {
            return false;
        }

        var parsedAlgorithm = algorithm is null ? DigestAlgorithm.Md5 : (DigestAlgorithm?)null;
        if (algorithm is not null && DigestAlgorithms.TryParse(algorithm.AsSpan().Trim(), out var known))
        {
            parsedAlgorithm = known;
        }

        challenge = new DigestChallenge(realm, nonce)
        {
            Opaque = opaque,
            Stale = stale is not null && stale.AsSpan().Trim().Equals("true", StringComparison.OrdinalIgnoreCase),
            Algorithm = parsedAlgorithm,
            AlgorithmToken = algorithm ?? "MD5",
            QopOptions = qop is null ? [] : SplitQop(qop),
            Domain = domain,
        };
        return true;
    }

    /// <summary>
    /// Picks the challenge to answer when several are offered (RFC 8760: one per algorithm, in the
    /// server's order of preference): the strongest answerable hash; on a tie, the one listed first.
    /// </summary>
    public static DigestChallenge? SelectStrongest(IEnumerable<DigestChallenge> challenges)
    {
        ArgumentNullException.ThrowIfNull(challenges);
        DigestChallenge? best = null;
        foreach (var challenge in challenges)
        {
            if (challenge.IsAnswerable
                && (best is null || challenge.Algorithm!.Value.Strength() > best.Algorithm!.Value.Strength()))
            {
                best = challenge;
            }
        }

        return best;
    }

    /// <summary>
    /// Like <see cref="SelectStrongest"/>, once per realm: a forked request or a proxy plus a UAS may
    /// challenge in several realms, and RFC 3261 §22.3 wants credentials for each.
    /// Realms keep the order in which they first appear.
    /// </summary>
    public static IReadOnlyList<DigestChallenge> SelectStrongestPerRealm(IEnumerable<DigestChallenge> challenges)
    {
        ArgumentNullException.ThrowIfNull(challenges);
        var chosen = new List<DigestChallenge>();
        foreach (var challenge in challenges)
        {
            if (!challenge.IsAnswerable)
            {
                continue;
            }

            var index = chosen.FindIndex(c => string.Equals(c.Realm, challenge.Realm, StringComparison.Ordinal));
            if (index < 0)
            {
                chosen.Add(challenge);
            }
            else if (challenge.Algorithm!.Value.Strength() > chosen[index].Algorithm!.Value.Strength())
            {
                chosen[index] = challenge;
            }
        }

        return chosen;
    }

    private static bool SetOnce(ref string? field, string value)
    {
        if (field is not null)
        {
            return false;
        }

        field = value;
        return true;
    }

    private static string[] SplitQop(string qop)
    {
        var parts = qop.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = parts[i].ToLowerInvariant();
        }

        return parts;
    }
}
