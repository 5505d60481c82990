namespace IvrService.Media.Audio.Internal;

/// <summary>
/// A Kaiser-windowed sinc low-pass sampled at a fixed set of fractional phases, for rational-ratio resampling.
/// Phase <c>p</c> holds the taps for an output instant <c>p / PhaseCount</c> of an input sample after input sample
/// <c>i</c>; tap <c>t</c> weighs input sample <c>i - HalfWidth + 1 + t</c>. Every phase sums to exactly 1 (unity gain at DC).
/// </summary>
internal sealed class PolyphaseSincFilter
{
    // 80 dB stopband; Kaiser's formulas (Oppenheim & Schafer, 7.6) give beta and the length for a given transition width.
    private const double StopbandDb = 80;

    private readonly float[] _taps;

    public PolyphaseSincFilter(double cutoff, double transitionWidth, int phaseCount)
    {
        // cutoff and transitionWidth are fractions of the input sample rate (0.5 = Nyquist).
        var beta = 0.1102 * (StopbandDb - 8.7);
        var length = ((StopbandDb - 8) / (2.285 * 2 * Math.PI * transitionWidth)) + 1;
        HalfWidth = Math.Max(2, (int)Math.Ceiling(length / 2));
        PhaseCount = phaseCount;
        TapsPerPhase = 2 * HalfWidth;
        _taps = new float[phaseCount * TapsPerPhase];

        var windowNorm = BesselI0(beta);
        for (var phase = 0; phase < phaseCount; phase++)
        {
            var fraction = (double)phase / phaseCount;
            var row = _taps.AsSpan(phase * TapsPerPhase, TapsPerPhase);
            var sum = 0.0;
            for (var t = 0; t < TapsPerPhase; t++)
            {
                // Distance from the output instant to this input sample, in input samples.
                var tau = (t - HalfWidth + 1) - fraction;
                var x = tau / HalfWidth;
                var window = Math.Abs(x) >= 1 ? 0 : BesselI0(beta * Math.Sqrt(1 - (x * x))) / windowNorm;
                var weight = 2 * cutoff * Sinc(2 * cutoff * tau) * window;
                row[t] = (float)weight;
                sum += weight;
            }

            for (var t = 0; t < TapsPerPhase; t++)
            {
                row[t] = (float)(row[t] / sum);
            }
        }
    }

    public int HalfWidth { get; }

    public int PhaseCount { get; }

    public int TapsPerPhase { get; }

    public ReadOnlySpan<float> Phase(int phase) => _taps.AsSpan(phase * TapsPerPhase, TapsPerPhase);

    private static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);

    /// <summary>The zeroth-order modified Bessel function of the first kind, by its power series.</summary>
    private static double BesselI0(double x)
    {
        var sum = 1.0;
        var term = 1.0;
        var halfX = x / 2;
        for (var k = 1; k < 50; k++)
        {
            term *= halfX / k;
            var squared = term * term;
            sum += squared;
            if (squared < sum * 1e-17)
            {
                break;
            }
        }

        return sum;
    }
}
