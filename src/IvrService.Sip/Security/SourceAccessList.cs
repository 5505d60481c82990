using System.Net;

namespace IvrService.Sip.Security;

/// <summary>
/// The source addresses the SIP listener accepts requests from; anything else is dropped unanswered.
/// Allocation-free per check.
/// </summary>
internal sealed class SourceAccessList
{
    /// <summary>Loopback, RFC 1918 private networks and IPv6 unique local addresses (RFC 4193).</summary>
    public static readonly IReadOnlyList<string> DefaultRanges =
        ["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"];

    private readonly NetworkRange[] _ranges;

    public SourceAccessList(IEnumerable<NetworkRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        _ranges = [.. ranges];
    }

    public static SourceAccessList Default { get; } = Create(DefaultRanges);

    public IReadOnlyList<NetworkRange> Ranges => _ranges;

    /// <summary>
    /// The list configured in <see cref="SipSecurityOptions.AllowedSources"/>, or <see cref="Default"/> when
    /// it is not set. Throws <see cref="FormatException"/> on a bad entry; validate the options at start-up
    /// (<see cref="SipSecurityOptionsValidator"/>) so that this never happens at run time.
    /// </summary>
    public static SourceAccessList FromOptions(SipSecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AllowedSources is null ? Default : Create(options.AllowedSources);
    }

    public static SourceAccessList Create(IEnumerable<string> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var parsed = new List<NetworkRange>();
        foreach (var text in ranges)
        {
            parsed.Add(NetworkRange.Parse(text));
        }

        return new SourceAccessList(parsed);
    }

    public bool IsAllowed(IPAddress address)
    {
        var value = AddressBits.ToUInt128(address, out var isIPv4);
        return IsAllowed(value, isIPv4);
    }

    internal bool IsAllowed(UInt128 address, bool isIPv4)
    {
        foreach (var range in _ranges)
        {
            if (range.Contains(address, isIPv4))
            {
                return true;
            }
        }

        return false;
    }
}
