namespace IvrService.Media.Detection.Internal;

/// <summary>The RMS level of a frame of 16-bit PCM in dB relative to full scale.</summary>
internal static class FrameLevel
{
    /// <summary>The level given to digital silence, below anything a G.711 line carries.</summary>
    public const double SilenceDbfs = -96;

    private const double FullScale = 32768.0;

    /// <summary>The sum of the squared samples.</summary>
    public static double Energy(ReadOnlySpan<short> frame)
    {
        double energy = 0;
        foreach (var sample in frame)
        {
            energy += sample * sample;
        }

        return energy;
    }

    /// <summary>The RMS level of <paramref name="sampleCount"/> samples whose squares sum to <paramref name="energy"/>.</summary>
    public static double Dbfs(double energy, int sampleCount)
    {
        if (sampleCount == 0 || energy <= 0)
        {
            return SilenceDbfs;
        }

        var meanSquare = energy / sampleCount;
        return Math.Max(SilenceDbfs, 10 * Math.Log10(meanSquare / (FullScale * FullScale)));
    }
}
