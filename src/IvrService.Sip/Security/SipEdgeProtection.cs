namespace IvrService.Sip.Security;

/// <summary>
/// Guards a user agent at the edge: sources outside the allow list and sources over their rate are dropped
/// before parsing, scanner signatures after parsing — all without a response, so nothing is enumerable.
/// </summary>
public sealed class SipEdgeProtection : IDisposable
{
    private static readonly string[] LoopbackRanges = ["127.0.0.0/8", "::1/128"];

    private readonly SourceAccessList _allowed;
    private readonly SourceRateLimiter _limiter;
    private readonly bool _dropScanners;
    private readonly ITimer _eviction;

    /// <param name="options">The <c>Sip:Security</c> settings.</param>
    /// <param name="extraAllowedSources">Ranges allowed besides the configured ones (the trunks' networks).</param>
    public SipEdgeProtection(SipSecurityOptions options, IEnumerable<string> extraAllowedSources, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        var extra = extraAllowedSources.ToArray();
        _allowed = SourceAccessList.Create([.. options.AllowedSources ?? SourceAccessList.DefaultRanges, .. extra]);

        // Local tools (load generators, the CLI's test call) and the trunks are not the flood the limit guards against.
        var limiterOptions = CopyWithExemptions(options, [.. options.RateLimitExemptSources ?? LoopbackRanges, .. extra]);
        _limiter = new SourceRateLimiter(limiterOptions, timeProvider);
        _dropScanners = options.DropScanners;
        _eviction = timeProvider.CreateTimer(static l => ((SourceRateLimiter)l!).EvictIdle(), _limiter, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    public void Attach(SipUserAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        agent.SourceFilter = address => _allowed.IsAllowed(address) && _limiter.TryAcquire(address);
        if (_dropScanners)
        {
            agent.SilentDropFilter = static request =>
                ScannerSignature.IsScanner(request.Headers[SipHeaderNames.UserAgent]) ||
                ScannerSignature.IsScanner(request.From?.DisplayName);
        }
    }

    public void Dispose() => _eviction.Dispose();

    private static SipSecurityOptions CopyWithExemptions(SipSecurityOptions options, string[] exempt) => new()
    {
        AllowedSources = options.AllowedSources,
        RateLimitExemptSources = exempt,
        RequestsPerSecondPerSource = options.RequestsPerSecondPerSource,
        Burst = options.Burst,
        MaxTrackedSources = options.MaxTrackedSources,
        IdleSourceTimeout = options.IdleSourceTimeout,
        Ipv6SourcePrefixLength = options.Ipv6SourcePrefixLength,
        DropScanners = options.DropScanners,
    };
}
