namespace IvrService.Benchmarks.HappyCalls;

/// <summary>Dispatch rate and due-to-claim latency (nearest rank) of a set of first attempts.</summary>
internal sealed record DispatchFigures(
    double OverallRate, double Best5sRate, TimeSpan ClaimSpan, TimeSpan P50, TimeSpan P95, TimeSpan P99, TimeSpan Max, int Early)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    public static DispatchFigures Of(IReadOnlyList<DispatchRow> rows)
    {
        if (rows.Count == 0)
        {
            return new DispatchFigures(0, 0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0);
        }

        var claims = rows.Select(r => r.ClaimedAt).Order().ToArray();
        var span = claims[^1] - claims[0];
        var overall = span > TimeSpan.Zero ? (claims.Length - 1) / span.TotalSeconds : 0;

        // The most claims in any 5 s window (two pointers over the sorted claims).
        var best = 0;
        for (int first = 0, last = 0; last < claims.Length; last++)
        {
            while (claims[last] - claims[first] > Window)
            {
                first++;
            }

            best = Math.Max(best, last - first + 1);
        }

        var latencies = rows.Select(r => r.ClaimedAt - r.DueAt).Order().ToArray();
        return new DispatchFigures(
            overall,
            best / Window.TotalSeconds,
            span,
            Rank(latencies, 50),
            Rank(latencies, 95),
            Rank(latencies, 99),
            latencies[^1],
            latencies.Count(l => l < TimeSpan.Zero));
    }

    private static TimeSpan Rank(TimeSpan[] sorted, double percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
