using System.Globalization;

namespace IvrService.Benchmarks.Grpc;

/// <summary>
/// The whole machine's CPU time from the first line of /proc/stat (in clock ticks): busy (everything but idle and
/// iowait) and total. With the database in its own processes, this shows whether the cores were the limit.
/// </summary>
internal readonly record struct MachineCpu(long Busy, long Total)
{
    public static MachineCpu Read()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var total = fields.Take(8).Sum();
            return new MachineCpu(total - fields[3] - fields[4], total);
        }
        catch (Exception ex) when (ex is IOException or FormatException or InvalidOperationException)
        {
            return default;
        }
    }

    /// <summary>Busy share of all cores between two readings, in percent.</summary>
    public static double BusyPercent(MachineCpu start, MachineCpu end) =>
        end.Total > start.Total ? (end.Busy - start.Busy) * 100.0 / (end.Total - start.Total) : 0;
}
