namespace IvrService.Benchmarks.Load;

/// <summary>
/// Inter-packet gaps of every outgoing RTP stream (one per even source port of the product's range), counted
/// only between two packets that both fall inside the measurement window, aggregated into a 10 µs histogram.
/// </summary>
internal sealed class SendGapAnalysis
{
    private const int BucketMicros = 10;
    private const int MaxBucket = 200_000; // 2 s; longer gaps land in the last bucket (and in Max).

    private readonly long[] _histogram = new long[MaxBucket + 1];

    public long Packets { get; private set; }

    public long Gaps { get; private set; }

    public int Streams { get; private set; }

    public double MaxMilliseconds { get; private set; }

    public long GapsOver40Milliseconds { get; private set; }

    public long GapsOver22Milliseconds { get; private set; }

    public static SendGapAnalysis FromCapture(string path, int rtpPortStart, int rtpPortEnd, long windowStartMicros, long windowEndMicros)
    {
        var analysis = new SendGapAnalysis();
        var last = new Dictionary<int, long>();
        foreach (var datagram in PcapReader.ReadUdp(path))
        {
            if (datagram.SourcePort < rtpPortStart || datagram.SourcePort > rtpPortEnd || datagram.SourcePort % 2 != 0
                || datagram.TimestampMicroseconds < windowStartMicros || datagram.TimestampMicroseconds > windowEndMicros)
            {
                continue;
            }

            analysis.Packets++;
            if (last.TryGetValue(datagram.SourcePort, out var previous))
            {
                analysis.Add(datagram.TimestampMicroseconds - previous);
            }

            last[datagram.SourcePort] = datagram.TimestampMicroseconds;
        }

        analysis.Streams = last.Count;
        return analysis;
    }

    public double PercentileMilliseconds(double percentile)
    {
        if (Gaps == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(percentile / 100.0 * Gaps);
        long seen = 0;
        for (var i = 0; i < _histogram.Length; i++)
        {
            seen += _histogram[i];
            if (seen >= rank)
            {
                return ((i * BucketMicros) + (BucketMicros / 2.0)) / 1000.0;
            }
        }

        return MaxMilliseconds;
    }

    private void Add(long gapMicros)
    {
        Gaps++;
        var ms = gapMicros / 1000.0;
        MaxMilliseconds = Math.Max(MaxMilliseconds, ms);
        if (ms > 40)
        {
            GapsOver40Milliseconds++;
        }

        if (ms > 22)
        {
            GapsOver22Milliseconds++;
        }

        _histogram[Math.Clamp(gapMicros / BucketMicros, 0, MaxBucket)]++;
    }
}
