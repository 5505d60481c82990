using System.Globalization;

namespace IvrService.Benchmarks.Load;

/// <summary>CPU time and resident memory of a process, from /proc/&lt;pid&gt;/stat and /proc/&lt;pid&gt;/status.</summary>
internal static class ProcessFigures
{
    // sysconf(_SC_CLK_TCK) is 100 on every Linux the product runs on.
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU seconds so far (children not included); null when the process is gone.</summary>
    public static double? CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // The command name may hold spaces and parentheses: fields count from the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

            // Field 14 (utime) and 15 (stime) of stat(5), 3 being the first after the name.
            var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
            var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (user + system) / TicksPerSecond;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Resident set size in bytes (VmRSS); null when the process is gone.</summary>
    public static long? ResidentBytes(int pid) => StatusKilobytes(pid, "VmRSS:") * 1024;

    /// <summary>Thread count (Threads:); null when the process is gone.</summary>
    public static long? Threads(int pid) => StatusKilobytes(pid, "Threads:");

    /// <summary>The 1, 5 and 15 minute load averages as /proc/loadavg shows them.</summary>
    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} {parts[1]} {parts[2]}";
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static long? StatusKilobytes(int pid, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    var number = line[key.Length..].Trim().Split(' ')[0];
                    return long.Parse(number, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
