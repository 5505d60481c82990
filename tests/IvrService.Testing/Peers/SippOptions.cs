namespace IvrService.Testing;

/// <summary>SIPp's transport mode (<c>-t</c>).</summary>
public enum SippTransport
{
    /// <summary>UDP, one socket for all calls (<c>-t u1</c>).</summary>
    Udp,

    /// <summary>TCP, one connection for all calls (<c>-t t1</c>).</summary>
    Tcp,
}

/// <summary>
/// How to run one SIPp process. Give either <see cref="BuiltInScenario"/> (<c>-sn uac</c>,
/// <c>-sn uas</c>) or <see cref="ScenarioFile"/> (a name from <see cref="SippScenarios"/> or a
/// path; <c>-sf</c>). Unset numbers leave SIPp's defaults.
/// </summary>
public sealed record SippOptions
{
    /// <summary>Embedded scenario name for <c>-sn</c>: uac, uas, regexp, branchc, branchs, ...</summary>
    public string? BuiltInScenario { get; init; }

    /// <summary>Scenario XML for <c>-sf</c>: a file name under Peers/Scenarios or a path.</summary>
    public string? ScenarioFile { get; init; }

    /// <summary>Where requests go (the remote host); null for a UAS that only answers.</summary>
    public string? RemoteHost { get; init; }

    /// <summary>Remote port; with <see cref="RemoteHost"/> makes SIPp's target host:port.</summary>
    public int? RemotePort { get; init; }

    /// <summary>Local address for SIP (<c>-i</c>) and, unless <see cref="MediaIp"/> is set, media.</summary>
    public string LocalIp { get; init; } = "127.0.0.1";

    /// <summary>Local SIP port (<c>-p</c>); null takes one from <see cref="FreePorts"/>.</summary>
    public int? LocalPort { get; init; }

    /// <summary>Transport (<c>-t u1</c> or <c>-t t1</c>).</summary>
    public SippTransport Transport { get; init; } = SippTransport.Udp;

    /// <summary>Calls after which SIPp exits (<c>-m</c>); 1 unless told otherwise.</summary>
    public int? MaxCalls { get; init; } = 1;

    /// <summary>Simultaneous calls at most (<c>-l</c>).</summary>
    public int? CallLimit { get; init; }

    /// <summary>Calls per <see cref="RatePeriod"/> (<c>-r</c>).</summary>
    public double? Rate { get; init; }

    /// <summary>Period of <see cref="Rate"/> (<c>-rp</c>, in ms); SIPp's default is one second.</summary>
    public TimeSpan? RatePeriod { get; init; }

    /// <summary>Media address (<c>-mi</c>); defaults to <see cref="LocalIp"/>.</summary>
    public string? MediaIp { get; init; }

    /// <summary>Media port (<c>-mp</c>; SIPp also binds it + 2); null takes four from <see cref="FreePorts"/>.</summary>
    public int? MediaPort { get; init; }

    /// <summary>
    /// SIPp's own global timeout (<c>-timeout</c>). SIPp stops starting calls then but lets a
    /// stuck call wait on, so the harness' cancellation token is the real deadline.
    /// </summary>
    public TimeSpan? GlobalTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Reaching <see cref="GlobalTimeout"/> counts as failure (<c>-timeout_error</c>).</summary>
    public bool GlobalTimeoutIsError { get; init; }

    /// <summary>Default receive timeout of every recv (<c>-recv_timeout</c>): the call fails when it passes.</summary>
    public TimeSpan? RecvTimeout { get; init; }

    /// <summary>Scenario keys (<c>-key name value</c>), over the scenario's defaults.</summary>
    public IReadOnlyDictionary<string, string> Keys { get; init; } = new Dictionary<string, string>();

    /// <summary>User part of the Request-URI (<c>-s</c>); SIPp's default is "service".</summary>
    public string? Service { get; init; }

    /// <summary>Digest user name (<c>-au</c>).</summary>
    public string? AuthUser { get; init; }

    /// <summary>Digest password (<c>-ap</c>).</summary>
    public string? AuthPassword { get; init; }

    /// <summary>Messages that arrive during a pause are dropped (<c>-pause_msg_ign</c>).</summary>
    public bool IgnoreMessagesDuringPause { get; init; }

    /// <summary>
    /// Trace every message sent and received (<c>-trace_msg</c>); on by default. A load generator at hundreds of
    /// calls per second turns it off: writing each message costs SIPp more than sending it.
    /// </summary>
    public bool TraceMessages { get; init; } = true;

    /// <summary>Anything else, appended as given.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>A scenario file from Peers/Scenarios, with its default keys.</summary>
    public static SippOptions ForScenario(string scenarioFile) => new() { ScenarioFile = scenarioFile };

    /// <summary>SIPp's embedded scenario (<c>-sn</c>).</summary>
    public static SippOptions BuiltIn(string name) => new() { BuiltInScenario = name };

    /// <summary>This with a remote target.</summary>
    public SippOptions Calling(string host, int port) => this with { RemoteHost = host, RemotePort = port };

    /// <summary>This with one more key.</summary>
    public SippOptions WithKey(string name, string value)
    {
        var keys = new Dictionary<string, string>(Keys, StringComparer.Ordinal) { [name] = value };
        return this with { Keys = keys };
    }
}
