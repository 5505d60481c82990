using System.Globalization;
using IvrService.Benchmarks.Common;

namespace IvrService.Benchmarks.HappyCalls;

/// <summary>Command-line options of the happy-call dispatch benchmark.</summary>
internal sealed record HappyCallBenchOptions
{
    public const string Usage = """
        happycalls options:
          --calls N            happy calls scheduled (default 10000)
          --span 60s           their due times spread evenly over this span (default 60s: 167 due a second)
          --lead 150s          from the first report to the first due time, room to report them all (default 150s)
          --instances N        product instances sharing the database, each with its own trunk and SIPp UAS (default 2)
          --channels C         the trunk's channels: the global cap on calls at once (default 40)
          --workers W          Hangfire workers per instance (HappyCalls:WorkerCount; default 0: twice the channels)
          --poll 1s            HappyCalls:PollInterval, Hangfire's delayed-job polling (default 1s)
          --queue-poll 5s      HappyCalls:QueuePollInterval, how often idle workers look into the queue (default 5s)
          --callee bye         what the SIPp customers do: bye (answer, then hang up at once) or busy (486) (default bye)
          --host-dll PATH      the product to run (default src/IvrService.Host/bin/Release/net10.0/IvrService.Host.dll)
          --out DIR            where the report goes (default artifacts/bench)
          --keep               keep the SIPp directories and the work directory
        """;

    public int Calls { get; init; } = 10_000;

    public TimeSpan Span { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan Lead { get; init; } = TimeSpan.FromSeconds(150);

    public int Instances { get; init; } = 2;

    public int Channels { get; init; } = 40;

    public int Workers { get; init; }

    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan QueuePoll { get; init; } = TimeSpan.FromSeconds(5);

    public string Callee { get; init; } = "bye";

    public string? HostDll { get; init; }

    public string? OutputDirectory { get; init; }

    public bool Keep { get; init; }

    public static bool TryParse(string[] args, out HappyCallBenchOptions options, out string error) =>
        OptionParser.TryParse(args, new HappyCallBenchOptions(), o => o with { Keep = true }, Apply, out options, out error);

    private static HappyCallBenchOptions? Apply(HappyCallBenchOptions o, string name, string value) => name switch
    {
        "--calls" when TryCount(value, out var calls) => o with { Calls = calls },
        "--span" when BenchEnvironment.TryParseDuration(value, out var span) => o with { Span = span },
        "--lead" when BenchEnvironment.TryParseDuration(value, out var lead) => o with { Lead = lead },
        "--instances" when TryCount(value, out var instances) && instances <= 8 => o with { Instances = instances },
        "--channels" when TryCount(value, out var channels) => o with { Channels = channels },
        "--workers" when TryCount(value, out var workers) => o with { Workers = workers },
        "--poll" when BenchEnvironment.TryParseDuration(value, out var poll) => o with { Poll = poll },
        "--queue-poll" when BenchEnvironment.TryParseDuration(value, out var queuePoll) => o with { QueuePoll = queuePoll },
        "--callee" when value is "bye" or "busy" => o with { Callee = value },
        "--host-dll" => o with { HostDll = value },
        "--out" => o with { OutputDirectory = value },
        _ => null,
    };

    private static bool TryCount(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
