namespace IvrService.Sip;

/// <summary>The <c>Sip</c> configuration section.</summary>
public sealed class SipOptions
{
    public const string SectionName = "Sip";

    /// <summary>Address to listen on; 0.0.0.0 or :: listen on every IPv4 and IPv6 address.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    public int Port { get; set; } = 5060;

    /// <summary>Listen on UDP.</summary>
    public bool EnableUdp { get; set; } = true;

    /// <summary>Listen on TCP.</summary>
    public bool EnableTcp { get; set; } = true;

    /// <summary>Address written into Via and Contact; defaults to the listen address or, for a wildcard, the address used to reach the peer.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>RTT estimate T1 in milliseconds (RFC 3261 §17.1.1.1).</summary>
    public int T1Milliseconds { get; set; } = 500;

    /// <summary>Maximum retransmit interval T2 in milliseconds.</summary>
    public int T2Milliseconds { get; set; } = 4000;

    /// <summary>Maximum time a message stays in the network, T4, in milliseconds.</summary>
    public int T4Milliseconds { get; set; } = 5000;

    /// <summary>User-Agent and Server header value.</summary>
    public string UserAgent { get; set; } = "IvrService";

    /// <summary>Closes TCP connections idle for this long.</summary>
    public int TcpIdleTimeoutSeconds { get; set; } = 600;

    public List<SipTrunkOptions> Trunks { get; set; } = [];

    public SipTimers Timers => new(
        TimeSpan.FromMilliseconds(T1Milliseconds),
        TimeSpan.FromMilliseconds(T2Milliseconds),
        TimeSpan.FromMilliseconds(T4Milliseconds));

    /// <summary>Problems with the values, each naming its configuration key; empty when valid.</summary>
    public List<string> Validate()
    {
        var problems = new List<string>();
        if (!System.Net.IPAddress.TryParse(ListenAddress, out _))
        {
            problems.Add($"Sip:ListenAddress: '{ListenAddress}' is not an IP address");
        }

        if (Port is < 1 or > 65535)
        {
            problems.Add($"Sip:Port: {Port} is not a port number from 1 to 65535");
        }

        if (!EnableUdp && !EnableTcp)
        {
            problems.Add("Sip:EnableUdp and Sip:EnableTcp: at least one transport must be enabled");
        }

        if (T1Milliseconds < 1 || T2Milliseconds < T1Milliseconds || T4Milliseconds < 1)
        {
            problems.Add("Sip:T1Milliseconds, Sip:T2Milliseconds, Sip:T4Milliseconds: need T1 >= 1, T2 >= T1 and T4 >= 1");
        }

        for (var i = 0; i < Trunks.Count; i++)
        {
            problems.AddRange(Trunks[i].Validate($"Sip:Trunks:{i}"));
        }

        return problems;
    }
}
