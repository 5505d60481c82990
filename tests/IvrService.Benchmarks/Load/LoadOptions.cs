using System.Globalization;
using IvrService.Benchmarks.Common;

namespace IvrService.Benchmarks.Load;

/// <summary>Command-line options of the load benchmark.</summary>
internal sealed record LoadOptions
{
    public const string GetCall = "GetCall";
    public const string ListCalls = "ListCalls";

    public const string Usage = """
        load options:
          --calls N            concurrent inbound calls (default 50)
          --duration 30s       length of the measurement window, all calls up (default 30s; s or ms suffix)
          --digits K           RFC 4733 keys each call sends, 0..10 (default 4: 1, 2, 3, 4)
          --rate R             new calls per second over all SIPp processes (default 100)
          --per-sipp M         calls per SIPp process at most (default 500; SIPp issue #568)
          --rtp-ports A-B      the product's RTP range, captured on the wire (default 61000-65000)
          --grpc-rate R        also call the gRPC API at R requests/s (open loop, one channel) during the window
                               (default: no API calls)
          --grpc-method M      with --grpc-rate: GetCall (default) or ListCalls
          --records N          with --grpc-rate: call records seeded for the API calls before the calls (default 100000)
          --host-dll PATH      the product to run (default src/IvrService.Host/bin/Release/net10.0/IvrService.Host.dll)
          --out DIR            where the report goes (default artifacts/bench)
          --keep               keep the capture, SIPp traces, recordings and host log
        """;

    public int Calls { get; init; } = 50;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    public int Digits { get; init; } = 4;

    public double Rate { get; init; } = 100;

    public int CallsPerSipp { get; init; } = 500;

    public int RtpPortStart { get; init; } = 61000;

    public int RtpPortEnd { get; init; } = 65000;

    /// <summary>Open-loop gRPC requests/s during the window; null: none.</summary>
    public double? GrpcRate { get; init; }

    /// <summary><see cref="GetCall"/> or <see cref="ListCalls"/>.</summary>
    public string GrpcMethod { get; init; } = GetCall;

    public int Records { get; init; } = 100_000;

    public string? HostDll { get; init; }

    public string? OutputDirectory { get; init; }

    public bool Keep { get; init; }

    public static bool TryParse(string[] args, out LoadOptions options, out string error)
    {
        if (!OptionParser.TryParse(args, new LoadOptions(), o => o with { Keep = true }, Apply, out options, out error))
        {
            return false;
        }

        if ((options.RtpPortEnd - options.RtpPortStart + 1) / 2 < options.Calls)
        {
            error = $"--rtp-ports {options.RtpPortStart}-{options.RtpPortEnd} holds fewer than {options.Calls} RTP/RTCP pairs";
            return false;
        }

        return true;
    }

    private static LoadOptions? Apply(LoadOptions o, string name, string value) => name switch
    {
        "--calls" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var calls) && calls > 0 => o with { Calls = calls },
        "--duration" when BenchEnvironment.TryParseDuration(value, out var duration) => o with { Duration = duration },
        "--digits" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var digits) && digits <= 10 => o with { Digits = digits },
        "--rate" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0 => o with { Rate = rate },
        "--per-sipp" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var perSipp) && perSipp > 0 => o with { CallsPerSipp = perSipp },
        "--rtp-ports" when BenchEnvironment.TryParsePortRange(value, out var start, out var end) => o with { RtpPortStart = start, RtpPortEnd = end },
        "--grpc-rate" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var grpcRate) && grpcRate is > 0 and <= 100_000 => o with { GrpcRate = grpcRate },
        "--grpc-method" when value is GetCall or ListCalls => o with { GrpcMethod = value },
        "--records" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var records) && records >= 100 => o with { Records = records },
        "--host-dll" => o with { HostDll = value },
        "--out" => o with { OutputDirectory = value },
        _ => null,
    };
}
