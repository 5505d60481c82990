using System.Globalization;

namespace IvrService.Benchmarks.Grpc;

/// <summary>Percentiles (nearest rank) of latencies in milliseconds.</summary>
internal sealed record Latencies(int Count, double P50, double P95, double P99, double Max)
{
    public static Latencies Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return sorted.Length == 0
            ? new Latencies(0, 0, 0, 0, 0)
            : new Latencies(sorted.Length, Rank(sorted, 50), Rank(sorted, 95), Rank(sorted, 99), sorted[^1]);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{P50:0.00} / {P95:0.00} / {P99:0.00} / {Max:0.0} ms");

    private static double Rank(double[] sorted, double percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
