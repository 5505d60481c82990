using System.Globalization;

namespace IvrService.Benchmarks.Setup;

/// <summary>
/// One SIPp process' INVITE→200 times from its <c>&lt;scenario&gt;_&lt;pid&gt;_rtt.csv</c> (<c>-trace_rtt -rtt_freq 1</c>):
/// a header <c>Date_ms;response_time_ms;rtd_no</c>, then a line a measurement — when (ms since SIPp started) and
/// how long (whole ms). Only response time 1 (INVITE→200) is read.
/// </summary>
internal sealed class SetupTimes
{
    public List<long> Milliseconds { get; } = [];

    /// <summary>200s received per second, between the first and the last.</summary>
    public double RatePerSecond { get; private set; }

    public static SetupTimes FromRttFiles(string directory)
    {
        var times = new SetupTimes();
        double first = double.MaxValue, last = double.MinValue;
        foreach (var file in Directory.EnumerateFiles(directory, "*_rtt.csv"))
        {
            foreach (var line in File.ReadLines(file))
            {
                var fields = line.Split(';');
                if (fields.Length < 3 || fields[2].Trim() != "1"
                    || !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var at)
                    || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds))
                {
                    continue;
                }

                times.Milliseconds.Add((long)Math.Round(milliseconds));
                first = Math.Min(first, at);
                last = Math.Max(last, at);
            }
        }

        if (times.Milliseconds.Count > 1 && last > first)
        {
            times.RatePerSecond = (times.Milliseconds.Count - 1) / ((last - first) / 1000);
        }

        return times;
    }
}
