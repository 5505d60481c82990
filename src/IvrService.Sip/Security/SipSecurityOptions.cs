namespace IvrService.Sip.Security;

/// <summary>
/// Edge protection for the SIP listener, bound from the <see cref="SectionName"/> configuration section
/// and checked at start-up by <see cref="SipSecurityOptionsValidator"/>.
/// </summary>
public sealed class SipSecurityOptions
{
    public const string SectionName = "Sip:Security";

    /// <summary>
    /// Source ranges (CIDR or single addresses, IPv4 or IPv6) whose requests are accepted; requests from
    /// anywhere else are dropped without a response. Not set: loopback, RFC 1918 and fc00::/7 only.
    /// A trunk on a public address must be listed here. (Null rather than a default array because the
    /// configuration binder appends to an array it finds instead of replacing it.)
    /// </summary>
#pragma warning disable CA1819 // An array is what the configuration binder binds a list of strings to.
    public string[]? AllowedSources { get; set; }

    /// <summary>
    /// Sources exempt from the rate limit, in the same notation: the trunk's signalling addresses, or the
    /// Kamailio front in a scale-out deployment, where every request comes from one address.
    /// </summary>
    public string[]? RateLimitExemptSources { get; set; }
#pragma warning restore CA1819

    /// <summary>
    /// Sustained requests per second accepted from one source (token refill rate). Generous by default: behind
    /// an SBC every call of the center arrives from one address (500 calls/s is ~1,500 requests/s).
    /// </summary>
    public double RequestsPerSecondPerSource { get; set; } = 2000;

    /// <summary>Requests one source may send at once before the sustained rate applies (bucket size).</summary>
    public int Burst { get; set; } = 4000;

    /// <summary>
    /// Upper bound on sources tracked by the rate limiter. When reached, idle sources are forgotten first,
    /// then the least recently seen, so a scan from many addresses cannot exhaust memory.
    /// </summary>
    public int MaxTrackedSources { get; set; } = 10_000;

    /// <summary>A source not heard from for this long may be forgotten (its bucket would be full again anyway).</summary>
    public TimeSpan IdleSourceTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// IPv6 sources are rate-limited per prefix of this length (64: one subscriber's network), since one
    /// host can use any address in its /64.
    /// </summary>
    public int Ipv6SourcePrefixLength { get; set; } = 64;

    /// <summary>Drop requests whose User-Agent or From display name is a known scanner's.</summary>
    public bool DropScanners { get; set; } = true;
}
