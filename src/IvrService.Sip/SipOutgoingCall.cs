namespace IvrService.Sip;

/// <summary>What to dial: target, identities, offer, and how long to let it ring.</summary>
public sealed record SipOutgoingCall(SipUri Target, SipNameAddress From)
{
    /// <summary>To header; defaults to the target.</summary>
    public SipNameAddress? To { get; init; }

    /// <summary>SDP offer; null sends an INVITE without a body (the offer then comes in the 2xx).</summary>
    public string? SdpOffer { get; init; }

    /// <summary>Send to this address (a trunk or outbound proxy) instead of resolving the target.</summary>
    public SipEndPoint? NextHop { get; init; }

    public SipCredentials? Credentials { get; init; }

    public TimeSpan RingTimeout { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>Extra header fields, such as P-Asserted-Identity.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExtraHeaders { get; init; } = [];

    /// <summary>The Call-ID to use (known before the INVITE leaves, e.g. for a call record); null makes a new one.</summary>
    public string? CallId { get; init; }

    /// <summary>Sees every provisional response (ringing, early media).</summary>
    public Action<SipResponse>? OnProvisional { get; init; }
}
