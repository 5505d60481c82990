using System.Globalization;
using IvrService.Benchmarks.Common;

namespace IvrService.Benchmarks.Load;

/// <summary>Command-line options of the load benchmark.</summary>
internal sealed record LoadOptions
{
    public const string Usage = """
        load options:
          --calls N            concurrent inbound calls (default 50)
          --duration 30s       length of the measurement window, all calls up (default 30s; s or ms suffix)
          --digits K           RFC 4733 keys each call sends, 0..10 (default 4: 1, 2, 3, 4)
          --rate R             new calls per second over all SIPp processes (default 100)
          --per-sipp M         calls per SIPp process at most (default 500; SIPp issue #568)
          --rtp-ports A-B      the product's RTP range, captured on the wire (default 61000-65000)
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

    public string? HostDll { get; init; }

    public string? OutputDirectory { get; init; }

    public bool Keep { get; init; }

    public static bool TryParse(string[] args, out LoadOptions options, out string error)
    {
        options = new LoadOptions();
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--keep")
            {
                options = options with { Keep = true };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value";
                return false;
            }

            var value = args[++i];
            switch (name)
            {
                case "--calls" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var calls) && calls > 0:
                    options = options with { Calls = calls };
                    break;
                case "--duration" when BenchEnvironment.TryParseDuration(value, out var duration):
                    options = options with { Duration = duration };
                    break;
                case "--digits" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var digits) && digits <= 10:
                    options = options with { Digits = digits };
                    break;
                case "--rate" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0:
                    options = options with { Rate = rate };
                    break;
                case "--per-sipp" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var perSipp) && perSipp > 0:
                    options = options with { CallsPerSipp = perSipp };
                    break;
                case "--rtp-ports" when BenchEnvironment.TryParsePortRange(value, out var start, out var end):
                    options = options with { RtpPortStart = start, RtpPortEnd = end };
                    break;
                case "--host-dll":
                    options = options with { HostDll = value };
                    break;
                case "--out":
                    options = options with { OutputDirectory = value };
                    break;
                default:
                    error = $"bad option or value: {name} {value}";
                    return false;
            }
        }

        if ((options.RtpPortEnd - options.RtpPortStart + 1) / 2 < options.Calls)
        {
            error = $"--rtp-ports {options.RtpPortStart}-{options.RtpPortEnd} holds fewer than {options.Calls} RTP/RTCP pairs";
            return false;
        }

        return true;
    }
}
