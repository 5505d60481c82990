using System.Globalization;
using IvrService.Benchmarks.Common;

namespace IvrService.Benchmarks.Grpc;

/// <summary>Command-line options of the gRPC API benchmark.</summary>
internal sealed record GrpcOptions
{
    public const string Usage = """
        grpc options:
          --records N          call records (with steps and key presses) seeded into the product's database (default 100000)
          --duration 20s       length of each open-loop run (default 20s; s, ms or m suffix)
          --rate R             open-loop requests per second (default 1000)
          --concurrency K      closed-loop callers (default 32)
          --closed 10s         length of each closed-loop run, after a 2 s warm-up (default 10s)
          --channels C         channels (HTTP/2 connections) of the several-channel runs (default 4)
          --host-dll PATH      the product to run (default src/IvrService.Host/bin/Release/net10.0/IvrService.Host.dll)
          --out DIR            where the report goes (default artifacts/bench)
          --keep               keep the work directory
        """;

    public int Records { get; init; } = 100_000;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    public double Rate { get; init; } = 1000;

    public int Concurrency { get; init; } = 32;

    public TimeSpan Closed { get; init; } = TimeSpan.FromSeconds(10);

    public int Channels { get; init; } = 4;

    public string? HostDll { get; init; }

    public string? OutputDirectory { get; init; }

    public bool Keep { get; init; }

    public static bool TryParse(string[] args, out GrpcOptions options, out string error) =>
        OptionParser.TryParse(args, new GrpcOptions(), o => o with { Keep = true }, Apply, out options, out error);

    private static GrpcOptions? Apply(GrpcOptions o, string name, string value) => name switch
    {
        "--records" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var records) && records >= 100 => o with { Records = records },
        "--duration" when BenchEnvironment.TryParseDuration(value, out var duration) => o with { Duration = duration },
        "--rate" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0 && rate <= 100_000 => o with { Rate = rate },
        "--concurrency" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var concurrency) && concurrency is > 0 and <= 10_000 => o with { Concurrency = concurrency },
        "--closed" when BenchEnvironment.TryParseDuration(value, out var closed) => o with { Closed = closed },
        "--channels" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var channels) && channels is > 1 and <= 64 => o with { Channels = channels },
        "--host-dll" => o with { HostDll = value },
        "--out" => o with { OutputDirectory = value },
        _ => null,
    };
}
