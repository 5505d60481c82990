using System.Globalization;
using IvrService.Sip.Internal;

namespace IvrService.Sip;

/// <summary>
/// Keeps one binding registered with a trunk's registrar (RFC 3261 §10): REGISTER with digest authentication,
/// refreshed before the granted expiry, retried with back-off after failures, removed on disposal.
/// </summary>
public sealed class SipRegistration : IAsyncDisposable
{
    private readonly SipUserAgent _agent;
    private readonly SipTrunkOptions _trunk;
    private readonly SipEndPoint? _registrar;
    private readonly string _callId = SipIds.NewCallId();
    private readonly string _fromTag = SipIds.NewTag();
    private readonly SipDigestClient _digest;
    private readonly CancellationTokenSource _stop = new();
    private uint _sequence;
    private Task? _loop;

    /// <param name="registrar">Where to send REGISTER; null resolves the trunk's host and port at every attempt.</param>
    public SipRegistration(SipUserAgent agent, SipTrunkOptions trunk, SipEndPoint? registrar = null)
    {
        _agent = agent;
        _trunk = trunk;
        _registrar = registrar;
        _digest = new SipDigestClient(new SipCredentials(trunk.AuthUsername ?? trunk.Username!, trunk.Password ?? ""));
    }

    /// <summary>When the current binding expires; null while not registered.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    public bool IsRegistered => ExpiresAt is { } expires && expires > _agent.TimeProvider.GetUtcNow();

    /// <summary>The last final status the registrar gave.</summary>
    public int? LastStatus { get; private set; }

    /// <summary>Completes each time a registration (first or refresh) succeeds.</summary>
    public event Action<SipRegistration>? Registered;

    public void Start() => _loop ??= Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Sends one REGISTER (with authentication when challenged) and returns the granted expiry in seconds.</summary>
    public async Task<int?> RegisterOnceAsync(int expires, CancellationToken cancellationToken)
    {
        var registrar = _registrar ?? await _agent.ResolveAsync(TrunkUri(), cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var request = CreateRegister(expires, registrar);
            _digest.Authorize(request);
            var transaction = await _agent.SendRequestAsync(request, registrar, cancellationToken).ConfigureAwait(false);
            var response = await transaction.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
            LastStatus = response.StatusCode;
            if (response.StatusCode is 401 or 407 && _digest.AcceptChallenge(response))
            {
                continue;
            }

            if (response.StatusCode == 423 &&
                int.TryParse(response.Headers[SipHeaderNames.MinExpires], NumberStyles.None, CultureInfo.InvariantCulture, out var minimum))
            {
                expires = minimum;
                continue;
            }

            if (!response.IsSuccess)
            {
                return null;
            }

            return GrantedExpiry(response, expires, registrar);
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (IsRegistered)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await RegisterOnceAsync(0, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The binding expires on its own.
            }
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromSeconds(5);
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan wait;
            int? granted;
            try
            {
                granted = await RegisterOnceAsync(_trunk.RegisterExpirySeconds, cancellationToken).ConfigureAwait(false);
            }
            catch (System.Net.Sockets.SocketException)
            {
                // The registrar's name did not resolve or its address is unreachable: retry after the back-off.
                granted = null;
            }

            if (granted is int seconds && seconds > 0)
            {
                ExpiresAt = _agent.TimeProvider.GetUtcNow().AddSeconds(seconds);
                Registered?.Invoke(this);
                backoff = TimeSpan.FromSeconds(5);

                // Refresh ahead of expiry: halfway for short bindings, 30 s early for long ones.
                wait = seconds <= 60 ? TimeSpan.FromSeconds(seconds / 2.0) : TimeSpan.FromSeconds(seconds - 30);
            }
            else
            {
                ExpiresAt = null;
                wait = backoff;
                backoff = backoff * 2 > TimeSpan.FromMinutes(5) ? TimeSpan.FromMinutes(5) : backoff * 2;
            }

            await Task.Delay(wait, _agent.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private SipUri TrunkUri()
    {
        var uri = SipUri.Create("sip", null, _trunk.Host, _trunk.Port);
        if (_trunk.Transport == "tcp")
        {
            uri.Parameters.Set("transport", "tcp");
        }

        return uri;
    }

    private SipRequest CreateRegister(int expires, SipEndPoint registrar)
    {
        var domain = _trunk.Domain ?? _trunk.Host;
        var registrarUri = SipUri.Create("sip", null, domain, _trunk.Domain is null ? _trunk.Port : null);
        var aor = SipUri.Create("sip", _trunk.Username, domain);
        var request = new SipRequest(SipMethods.Register, registrarUri);
        request.Headers.Add(SipHeaderNames.From, new SipNameAddress(aor) { Tag = _fromTag }.ToString());
        request.Headers.Add(SipHeaderNames.To, new SipNameAddress(aor.Clone()).ToString());
        request.Headers.Add(SipHeaderNames.CallId, _callId);
        request.Headers.Add(SipHeaderNames.CSeq, (++_sequence).ToString(CultureInfo.InvariantCulture) + " REGISTER");
        request.Headers.Add(SipHeaderNames.Contact, "<" + _agent.LocalContactFor(registrar, _trunk.Username) + ">");
        request.Headers.Add(SipHeaderNames.Expires, expires.ToString(CultureInfo.InvariantCulture));
        return request;
    }

    private int GrantedExpiry(SipResponse response, int requested, SipEndPoint registrar)
    {
        var contact = _agent.LocalContactFor(registrar, _trunk.Username);
        foreach (var binding in response.GetAddresses(SipHeaderNames.Contact))
        {
            if (binding.Uri.Host == contact.Host && (binding.Uri.Port ?? 5060) == contact.Port &&
                int.TryParse(binding.Parameters["expires"], NumberStyles.None, CultureInfo.InvariantCulture, out var perContact))
            {
                return perContact;
            }
        }

        return int.TryParse(response.Headers[SipHeaderNames.Expires], NumberStyles.None, CultureInfo.InvariantCulture, out var header)
            ? header
            : requested;
    }
}
