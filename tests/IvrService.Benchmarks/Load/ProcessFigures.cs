using System.Globalization;

namespace IvrService.Benchmarks.Load;

/// <summary>CPU time and resident memory of a process, from /proc/&lt;pid&gt;/stat and /proc/&lt;pid&gt;/status.</summary>
internal static class ProcessFigures
{
    // sysconf(_SC_CLK_TCK) is 100 on every Linux the product runs on.
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU seconds so far (children not included); null when the process is gone.</summary>
    public static double? CpuSeconds(int pid) => StatFields(pid) is { } fields ? Seconds(fields, 11, 12) : null;

    /// <summary>User + system CPU seconds of the process's children that ended and were waited for; null when it is gone.</summary>
    public static double? EndedChildrenCpuSeconds(int pid) => StatFields(pid) is { } fields ? Seconds(fields, 13, 14) : null;

    /// <summary>The parent's process id; null when the process is gone.</summary>
    public static int? ParentId(int pid) => StatFields(pid) is { } fields ? int.Parse(fields[1], CultureInfo.InvariantCulture) : null;

    /// <summary>Ticks of fields <paramref name="first"/> and <paramref name="second"/> added, in seconds.</summary>
    private static double Seconds(string[] fields, int first, int second) =>
        (long.Parse(fields[first], CultureInfo.InvariantCulture) + long.Parse(fields[second], CultureInfo.InvariantCulture)) / TicksPerSecond;

    /// <summary>
    /// The fields of /proc/&lt;pid&gt;/stat after the command name (0 is stat(5)'s field 3: utime is 11, stime 12,
    /// cutime 13, cstime 14); null when the process is gone.
    /// </summary>
    private static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // The command name may hold spaces and parentheses: fields count from the last ')'.
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
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
