using System.Globalization;
using IvrService.Benchmarks.Common;

namespace IvrService.Benchmarks.Setup;

/// <summary>Command-line options of the call-setup benchmark.</summary>
internal sealed record SetupOptions
{
    public const string Usage = """
        setup options:
          --rate R             new calls per second over all SIPp processes (default 500)
          --duration 20s       how long calls are started at that rate (default 20s; s, ms or m suffix)
          --hold 1s            how long each call stays up after the ACK before SIPp hangs up (default 1s)
          --sipps N            SIPp processes sharing the rate (default: one per 500 calls/s)
          --max-load L         wait (up to 5 minutes) for a 1-minute load average under L before calling (default 2)
          --rtp-ports A-B      the product's RTP range (default 61000-65000)
          --host-dll PATH      the product to run (default src/IvrService.Host/bin/Release/net10.0/IvrService.Host.dll)
          --out DIR            where the report goes (default artifacts/bench)
          --keep               keep the SIPp directories (_rtt.csv, error traces) and the work directory
        """;

    public double Rate { get; init; } = 500;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan Hold { get; init; } = TimeSpan.FromSeconds(1);

    public int? SippProcesses { get; init; }

    public double MaxLoad { get; init; } = 2;

    public int RtpPortStart { get; init; } = 61000;

    public int RtpPortEnd { get; init; } = 65000;

    public string? HostDll { get; init; }

    public string? OutputDirectory { get; init; }

    public bool Keep { get; init; }

    /// <summary>Calls placed in all: rate × duration.</summary>
    public int Calls => (int)Math.Round(Rate * Duration.TotalSeconds);

    public static bool TryParse(string[] args, out SetupOptions options, out string error)
    {
        if (!OptionParser.TryParse(args, new SetupOptions(), o => o with { Keep = true }, Apply, out options, out error))
        {
            return false;
        }

        if (options.Calls < 1)
        {
            error = "--rate × --duration places no call";
            return false;
        }

        return true;
    }

    private static SetupOptions? Apply(SetupOptions o, string name, string value) => name switch
    {
        "--rate" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0 => o with { Rate = rate },
        "--duration" when BenchEnvironment.TryParseDuration(value, out var duration) => o with { Duration = duration },
        "--hold" when BenchEnvironment.TryParseDuration(value, out var hold) => o with { Hold = hold },
        "--sipps" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var sipps) && sipps > 0 => o with { SippProcesses = sipps },
        "--max-load" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var maxLoad) && maxLoad > 0 => o with { MaxLoad = maxLoad },
        "--rtp-ports" when BenchEnvironment.TryParsePortRange(value, out var start, out var end) => o with { RtpPortStart = start, RtpPortEnd = end },
        "--host-dll" => o with { HostDll = value },
        "--out" => o with { OutputDirectory = value },
        _ => null,
    };
}
