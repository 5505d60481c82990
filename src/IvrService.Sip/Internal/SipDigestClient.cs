using IvrService.Sip.Auth;

namespace IvrService.Sip.Internal;

/// <summary>
/// Answers 401/407 challenges on behalf of one request flow (a call or a registration): remembers the
/// challenges, adds Authorization / Proxy-Authorization to the next request, and gives up when the same
/// credentials are refused twice without a stale nonce.
/// </summary>
internal sealed class SipDigestClient
{
    private readonly SipCredentials _credentials;
    private readonly DigestClient _digest;
    private List<DigestChallenge> _wwwChallenges = [];
    private List<DigestChallenge> _proxyChallenges = [];

    public SipDigestClient(SipCredentials credentials)
    {
        _credentials = credentials;
        _digest = new DigestClient(credentials.Username, credentials.Password);
    }

    /// <summary>Takes the challenges of a 401/407; false when there is nothing we can (or should again) answer.</summary>
    public bool AcceptChallenge(SipResponse response)
    {
        var www = Parse(response, SipHeaderNames.WwwAuthenticate);
        var proxy = Parse(response, SipHeaderNames.ProxyAuthenticate);
        if (www.Count == 0 && proxy.Count == 0)
        {
            return false;
        }

        var stale = www.Exists(c => c.Stale) || proxy.Exists(c => c.Stale);
        var answeredBefore = _wwwChallenges.Count > 0 || _proxyChallenges.Count > 0;
        if (answeredBefore && !stale)
        {
            // Refused with a fresh nonce: the credentials are wrong; asking again would only lock the account.
            return false;
        }

        if (www.Count > 0)
        {
            _wwwChallenges = www;
        }

        if (proxy.Count > 0)
        {
            _proxyChallenges = proxy;
        }

        return true;
    }

    /// <summary>Adds credentials for every challenge held to the request (which must be a new one with a new CSeq).</summary>
    public void Authorize(SipRequest request)
    {
        var uri = request.Uri.ToString();
        if (_wwwChallenges.Count > 0 &&
            _digest.TryAuthorize(Matching(_wwwChallenges), request.Method, uri, out var authorization))
        {
            request.Headers.Set(SipHeaderNames.Authorization, authorization);
        }

        if (_proxyChallenges.Count > 0 &&
            _digest.TryAuthorize(Matching(_proxyChallenges), request.Method, uri, out var proxyAuthorization))
        {
            request.Headers.Set(SipHeaderNames.ProxyAuthorization, proxyAuthorization);
        }
    }

    private List<DigestChallenge> Matching(List<DigestChallenge> challenges) =>
        _credentials.Realm is null ? challenges : challenges.FindAll(c => c.Realm == _credentials.Realm);

    private static List<DigestChallenge> Parse(SipResponse response, string headerName)
    {
        var challenges = new List<DigestChallenge>();
        foreach (var line in response.Headers.GetLines(headerName))
        {
            if (DigestChallenge.TryParse(line, out var challenge))
            {
                challenges.Add(challenge);
            }
        }

        return challenges;
    }
}
