namespace IvrService.Media.Tests.Dtmf;

/// <summary>Test audio: DTMF pairs, single tones, silence and noise as 16-bit PCM at 8000 Hz.</summary>
internal static class ToneGenerator
{
    public const int SampleRate = 8000;

    /// <summary>Peak amplitude of a 0 dBm0 sine in 16-bit G.711 linear PCM (+3.17 dBm0 is full scale).</summary>
    public const double ZeroDbm0Amplitude = 22_750;

    public static readonly double[] Rows = [697, 770, 852, 941];
    public static readonly double[] Columns = [1209, 1336, 1477, 1633];
    public const string Keys = "123A456B789C*0#D";

    public static (double Row, double Column) Frequencies(char key)
    {
        var index = Keys.IndexOf(key, StringComparison.Ordinal);
        return (Rows[index / 4], Columns[index % 4]);
    }

    public static int Samples(TimeSpan duration) => (int)Math.Round(duration.TotalSeconds * SampleRate);

    public static double Amplitude(double dbm0) => ZeroDbm0Amplitude * Math.Pow(10, dbm0 / 20);

    /// <summary>Writes a sum of sines (frequency, level in dBm0) into <paramref name="destination"/>, added to what is there.</summary>
    public static void AddTones(Span<double> destination, ReadOnlySpan<(double Frequency, double Dbm0)> tones, double phase = 0)
    {
        foreach (var (frequency, dbm0) in tones)
        {
            var amplitude = Amplitude(dbm0);
            for (var n = 0; n < destination.Length; n++)
            {
                destination[n] += amplitude * Math.Sin((2 * Math.PI * frequency * n / SampleRate) + phase);
            }
        }
    }

    /// <summary>White Gaussian noise at a level in dBm0 (power of a sine of that level).</summary>
    public static void AddNoise(Span<double> destination, double dbm0, Random random)
    {
        var sigma = Amplitude(dbm0) / Math.Sqrt(2);
        for (var n = 0; n < destination.Length; n++)
        {
            destination[n] += sigma * Gaussian(random);
        }
    }

    /// <summary>One key press: silence, the pair, silence.</summary>
    public static double[] Press(
        double row, double column, TimeSpan tone, double rowDbm0 = -10, double columnDbm0 = -10, int leadSamples = 800, int tailSamples = 800)
    {
        var audio = new double[leadSamples + Samples(tone) + tailSamples];
        AddTones(audio.AsSpan(leadSamples, Samples(tone)), [(row, rowDbm0), (column, columnDbm0)], phase: 0.3);
        return audio;
    }

    public static short[] ToPcm(ReadOnlySpan<double> audio)
    {
        var pcm = new short[audio.Length];
        for (var n = 0; n < audio.Length; n++)
        {
            pcm[n] = (short)Math.Clamp(Math.Round(audio[n]), short.MinValue, short.MaxValue);
        }

        return pcm;
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
