using IvrService.Testing;

namespace IvrService.IntegrationTests.Media;

/// <summary>
/// Compares what was heard with what was played by their loudness over time: 20 ms RMS envelopes,
/// slid against each other to the best lag, judged by Pearson correlation. Robust to G.711 round trips,
/// resampling noise and the unknown start offset of a capture.
/// </summary>
internal static class AudioEnvelope
{
    public static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);

    /// <summary>RMS (0..1) of each 20 ms frame.</summary>
    public static double[] Of(ReadOnlySpan<short> samples, int sampleRate)
    {
        var frame = (int)(sampleRate * Frame.TotalSeconds);
        var envelope = new double[samples.Length / frame];
        for (var i = 0; i < envelope.Length; i++)
        {
            envelope[i] = TestWav.Rms(samples.Slice(i * frame, frame));
        }

        return envelope;
    }

    /// <summary>
    /// The best correlation of <paramref name="heard"/> with the prompt as the product plays it in a
    /// loop (the prompt, then <paramref name="pause"/> of silence, again and again), over every start
    /// offset within one loop.
    /// </summary>
    public static (double Correlation, int LagFrames) BestLoopCorrelation(double[] heard, double[] prompt, TimeSpan pause)
    {
        var pauseFrames = (int)(pause / Frame);
        var loop = new List<double>();
        while (loop.Count < heard.Length + (2 * (prompt.Length + pauseFrames)))
        {
            loop.AddRange(prompt);
            loop.AddRange(new double[pauseFrames]);
        }

        var reference = loop.ToArray();
        var best = (Correlation: double.MinValue, LagFrames: 0);
        for (var lag = 0; lag < prompt.Length + pauseFrames; lag++)
        {
            var r = Pearson(heard, reference.AsSpan(lag, heard.Length));
            if (r > best.Correlation)
            {
                best = (r, lag);
            }
        }

        return best;
    }

    private static double Pearson(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double meanA = 0, meanB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            meanA += a[i];
            meanB += b[i];
        }

        meanA /= a.Length;
        meanB /= b.Length;
        double cov = 0, varA = 0, varB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var da = a[i] - meanA;
            var db = b[i] - meanB;
            cov += da * db;
            varA += da * da;
            varB += db * db;
        }

        return varA == 0 || varB == 0 ? 0 : cov / Math.Sqrt(varA * varB);
    }
}
