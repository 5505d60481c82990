using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IvrService.Sip.Auth;

/// <summary>
/// Answers Digest challenges for one credential (one trunk account), building Authorization /
/// Proxy-Authorization values (RFC 3261 §22.2–22.3, RFC 7616 §3.4, RFC 8760).
/// Keep one instance per credential for the account's lifetime: it remembers the last nonce per realm
/// and counts its uses (nc), so REGISTER refreshes and later requests can reuse the nonce until the
/// server says it is stale. Thread-safe.
/// </summary>
internal sealed class DigestClient
{
    // A trunk has one or two realms (proxy and registrar); a bound keeps a misbehaving peer from growing this.
    private const int MaxRealms = 8;

    private readonly string _password;
    private readonly Func<string> _cnonceFactory;
    private readonly Lock _gate = new();

    // Most recently used last.
    private readonly List<NonceState> _states = [];

    public DigestClient(string username, string password)
        : this(username, password, NewCnonce)
    {
    }

    /// <summary>For tests that need a known cnonce (the RFC examples).</summary>
    internal DigestClient(string username, string password, Func<string> cnonceFactory)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(cnonceFactory);
        if (ContainsControlCharacter(username))
        {
            throw new ArgumentException("The username must not contain control characters.", nameof(username));
        }

        Username = username;
        _password = password;
        _cnonceFactory = cnonceFactory;
    }

    public string Username { get; }

    /// <summary>
    /// Builds the credentials answering <paramref name="challenge"/> for a request with this method and
    /// Request-URI (the digest-uri). Returns false when the challenge cannot be answered (unknown algorithm,
    /// only auth-int offered, nonce count exhausted) or the method/URI would not make a safe header value.
    /// </summary>
    public bool TryAuthorize(
        DigestChallenge challenge,
        string method,
        string digestUri,
        [NotNullWhen(true)] out string? headerValue)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        headerValue = null;
        if (!challenge.IsAnswerable || !IsSafeRequestLine(method, digestUri))
        {
            return false;
        }

        lock (_gate)
        {
            var state = FindState(challenge.Realm);
            if (state is null || (!ReferenceEquals(state.Challenge, challenge) && !IsSameNonce(state.Challenge, challenge)))
            {
                state = new NonceState(challenge);
                Remember(state);
            }
            else
            {
                MoveToMostRecent(state);
            }

            return TryBuild(state, method, digestUri, out headerValue);
        }
    }

    /// <summary>Picks the strongest answerable challenge (RFC 8760) and answers it.</summary>
    public bool TryAuthorize(
        IEnumerable<DigestChallenge> challenges,
        string method,
        string digestUri,
        [NotNullWhen(true)] out string? headerValue)
    {
        headerValue = null;
        var chosen = DigestChallenge.SelectStrongest(challenges);
        return chosen is not null && TryAuthorize(chosen, method, digestUri, out headerValue);
    }

    /// <summary>
    /// Builds credentials from the last challenge seen (for <paramref name="realm"/>, or the most recent
    /// realm when null), with the next nonce count: sends REGISTER refreshes and follow-up requests
    /// already authorized instead of waiting for another 401/407. Returns false when no challenge is known.
    /// </summary>
    public bool TryAuthorizeWithLastChallenge(
        string method,
        string digestUri,
        [NotNullWhen(true)] out string? headerValue,
        string? realm = null)
    {
        headerValue = null;
        if (!IsSafeRequestLine(method, digestUri))
        {
            return false;
        }

        lock (_gate)
        {
            var state = realm is null ? (_states.Count == 0 ? null : _states[^1]) : FindState(realm);
            if (state is null)
            {
                return false;
            }

            MoveToMostRecent(state);
            return TryBuild(state, method, digestUri, out headerValue);
        }
    }

    /// <summary>Forgets the nonce of a realm, e.g. after the server rejected our credentials outright.</summary>
    public void Forget(string realm)
    {
        lock (_gate)
        {
            var state = FindState(realm);
            if (state is not null)
            {
                _states.Remove(state);
            }
        }
    }

    /// <summary>The nonce count last sent for <paramref name="realm"/> (0 when none): for diagnostics and tests.</summary>
    public uint LastNonceCount(string realm)
    {
        lock (_gate)
        {
            return FindState(realm)?.Count ?? 0;
        }
    }

    private static string NewCnonce() => RandomNumberGenerator.GetHexString(32, lowercase: true);

    private static bool IsSameNonce(DigestChallenge a, DigestChallenge b) =>
        string.Equals(a.Nonce, b.Nonce, StringComparison.Ordinal)
        && a.Algorithm == b.Algorithm
        && string.Equals(a.Opaque, b.Opaque, StringComparison.Ordinal);

    private static bool IsSafeRequestLine(string method, string digestUri)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(digestUri);
        if (method.Length == 0 || digestUri.Length == 0)
        {
            return false;
        }

        foreach (var c in method)
        {
            if (!AuthParameterReader.IsTokenChar(c))
            {
                return false;
            }
        }

        return !ContainsControlCharacter(digestUri);
    }

    private static bool ContainsControlCharacter(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    private static void AppendQuoted(StringBuilder builder, string name, string value)
    {
        if (builder.Length > "Digest ".Length)
        {
            builder.Append(", ");
        }

        builder.Append(name).Append("=\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        builder.Append('"');
    }

    private bool TryBuild(NonceState state, string method, string digestUri, [NotNullWhen(true)] out string? headerValue)
    {
        headerValue = null;
        var challenge = state.Challenge;
        var algorithm = challenge.Algorithm!.Value;
        var useQop = challenge.OffersQopAuth;

        string? qop = null, nc = null, cnonce = null;
        if (useQop)
        {
            if (state.Count == uint.MaxValue)
            {
                // nc would wrap: the server would take it for a replay. A fresh challenge is needed.
                return false;
            }

            state.Count++;
            qop = "auth";
            nc = state.Count.ToString("x8", CultureInfo.InvariantCulture);

            // For "-sess" the session key is fixed by the first cnonce used with a nonce (RFC 7616 §3.4.2),
            // so keep that cnonce; otherwise a fresh one per request.
            cnonce = algorithm.IsSession() ? state.SessionCnonce ??= _cnonceFactory() : _cnonceFactory();
        }

        var response = DigestCalculator.ComputeResponse(
            algorithm, Username, challenge.Realm, _password, method, digestUri, challenge.Nonce, qop, nc, cnonce);

        var builder = new StringBuilder(256);
        builder.Append("Digest ");
        AppendQuoted(builder, "username", Username);
        AppendQuoted(builder, "realm", challenge.Realm);
        AppendQuoted(builder, "nonce", challenge.Nonce);
        AppendQuoted(builder, "uri", digestUri);
        AppendQuoted(builder, "response", response);

        // RFC 7616 §3.4: algorithm, qop and nc are never quoted.
        builder.Append(", algorithm=").Append(algorithm.ToToken());
        if (cnonce is not null)
        {
            AppendQuoted(builder, "cnonce", cnonce);
        }

        if (challenge.Opaque is not null)
        {
            AppendQuoted(builder, "opaque", challenge.Opaque);
        }

        if (qop is not null)
        {
            builder.Append(", qop=").Append(qop).Append(", nc=").Append(nc);
        }

        headerValue = builder.ToString();
        return true;
    }

    private NonceState? FindState(string realm)
    {
        foreach (var state in _states)
        {
            if (string.Equals(state.Challenge.Realm, realm, StringComparison.Ordinal))
            {
                return state;
            }
        }

        return null;
    }

    private void Remember(NonceState state)
    {
        var previous = FindState(state.Challenge.Realm);
        if (previous is not null)
        {
            _states.Remove(previous);
        }
        else if (_states.Count >= MaxRealms)
        {
            _states.RemoveAt(0);
        }

        _states.Add(state);
    }

    private void MoveToMostRecent(NonceState state)
    {
        if (_states.Count > 0 && !ReferenceEquals(_states[^1], state))
        {
            _states.Remove(state);
            _states.Add(state);
        }
    }

    private sealed class NonceState(DigestChallenge challenge)
    {
        public DigestChallenge Challenge { get; } = challenge;

        public uint Count { get; set; }

        public string? SessionCnonce { get; set; }
    }
}
