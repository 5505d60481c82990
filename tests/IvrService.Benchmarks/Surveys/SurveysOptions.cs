using System.Globalization;
using IvrService.Benchmarks.Common;

namespace IvrService.Benchmarks.Surveys;

/// <summary>Command-line options of the survey results benchmark.</summary>
internal sealed record SurveysOptions
{
    public const string Usage = """
        surveys options:
          --results N          survey results seeded into the product's database (default 100000)
          --duration 20s       length of the open-loop run (default 20s; s, ms or m suffix)
          --rate R             open-loop ListSurveyResults requests per second (default 1000)
          --concurrency K      closed-loop callers (default 32)
          --closed 10s         length of the closed-loop run, after a 2 s warm-up (default 10s)
          --changes N          result changes written one by one while a stream follows (default 500)
          --change-rate R      changes written per second (default 50)
          --list-changes R     result changes committed per second while the lists run (default 0; each drops the
                               product's cached pages)
          --cache-max-age 2s   the product's Api:ResultCacheMaxAge (default: the product's own; 0s reads every
                               list from the database)
          --host-dll PATH      the product to run (default src/IvrService.Host/bin/Release/net10.0/IvrService.Host.dll)
          --out DIR            where the report goes (default artifacts/bench)
          --keep               keep the work directory
        """;

    public int Results { get; init; } = 100_000;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    public double Rate { get; init; } = 1000;

    public int Concurrency { get; init; } = 32;

    public TimeSpan Closed { get; init; } = TimeSpan.FromSeconds(10);

    public int Changes { get; init; } = 500;

    public double ChangeRate { get; init; } = 50;

    public double ListChangeRate { get; init; }

    public TimeSpan? CacheMaxAge { get; init; }

    public string? HostDll { get; init; }

    public string? OutputDirectory { get; init; }

    public bool Keep { get; init; }

    public static bool TryParse(string[] args, out SurveysOptions options, out string error) =>
        OptionParser.TryParse(args, new SurveysOptions(), o => o with { Keep = true }, Apply, out options, out error);

    private static SurveysOptions? Apply(SurveysOptions o, string name, string value) => name switch
    {
        "--results" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var results) && results >= 100 => o with { Results = results },
        "--duration" when BenchEnvironment.TryParseDuration(value, out var duration) => o with { Duration = duration },
        "--rate" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0 && rate <= 100_000 => o with { Rate = rate },
        "--concurrency" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var concurrency) && concurrency is > 0 and <= 10_000 => o with { Concurrency = concurrency },
        "--closed" when BenchEnvironment.TryParseDuration(value, out var closed) => o with { Closed = closed },
        "--changes" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var changes) && changes is > 0 and <= 100_000 => o with { Changes = changes },
        "--change-rate" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var changeRate) && changeRate is > 0 and <= 10_000 => o with { ChangeRate = changeRate },
        "--list-changes" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var listChanges) && listChanges is >= 0 and <= 10_000 => o with { ListChangeRate = listChanges },
        "--cache-max-age" when value is "0" or "0s" => o with { CacheMaxAge = TimeSpan.Zero },
        "--cache-max-age" when BenchEnvironment.TryParseDuration(value, out var maxAge) && maxAge <= TimeSpan.FromMinutes(1) => o with { CacheMaxAge = maxAge },
        "--host-dll" => o with { HostDll = value },
        "--out" => o with { OutputDirectory = value },
        _ => null,
    };
}
