using System.Globalization;

namespace IvrService.Benchmarks.Common;

/// <summary>Where the benchmarks find the repository, the product's build and tools, and where reports go.</summary>
internal static class BenchEnvironment
{
    /// <summary>A time stamp for report names (local time, yyyyMMdd-HHmmss).</summary>
    public static string Stamp() => DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IvrService.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    /// <summary>The report directory (created): the option, or artifacts/bench.</summary>
    public static string OutputDirectory(string root, string? option)
    {
        var directory = Path.GetFullPath(option ?? Path.Combine(root, "artifacts", "bench"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>The product's Release build (or the option), null with a message on stderr when it is missing.</summary>
    public static string? HostDll(string root, string? option)
    {
        var hostDll = Path.GetFullPath(option ?? Path.Combine(root, "src", "IvrService.Host", "bin", "Release", "net10.0", "IvrService.Host.dll"));
        if (File.Exists(hostDll))
        {
            return hostDll;
        }

        Console.Error.WriteLine($"{hostDll} not found: build the product in Release first (dotnet build -c Release src/IvrService.Host)");
        return null;
    }

    public static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':')
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);

    /// <summary>"30s", "500ms", "2m" or a bare number of seconds.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var (number, scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * scale);
        return true;
    }

    /// <summary>"A-B": an even start ≥ 1024 and an end above it, ≤ 65535.</summary>
    public static bool TryParsePortRange(string text, out int start, out int end)
    {
        end = 0;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return int.TryParse(dash < 0 ? text : text[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out start)
            && dash > 0
            && int.TryParse(text[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out end)
            && start % 2 == 0 && start >= 1024 && end > start && end <= 65535;
    }
}
