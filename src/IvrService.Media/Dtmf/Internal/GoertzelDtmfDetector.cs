namespace IvrService.Media.Dtmf.Internal;

/// <summary>
/// Decides whether one block of 106 samples (13.25 ms at 8 kHz) holds a DTMF key, by Goertzel
/// filters on the eight DTMF frequencies.
/// <para>
/// The whole block (75 Hz resolution) serves the level and peak checks. Sine-windowed filters on
/// its two halves measure how far each tone is from nominal: a tone at f + Δ advances in phase by
/// 2π(f + Δ)·53/8000 from one half to the next, which tells ±1.5 % (accept) from ±3.5 % (reject,
/// ITU-T Q.24) where the filters' width could not. A sine-windowed whole block measures twist.
/// </para>
/// Checks, all on one block: a row and a column peak each above the minimum level and clearly
/// above the other filters of their group; both close enough to nominal; both steady across the
/// halves (a tone that starts or stops within the block is not a whole block of tone); twist
/// within 8 dB normal (column weaker) and 4 dB reverse (column stronger); the pair carrying most
/// of the block's energy; little energy at the column's second harmonic. Speech and noise fail
/// one or more of these. No allocation.
/// </summary>
internal sealed class GoertzelDtmfDetector
{
    public const int SampleRate = 8000;
    public const int HalfBlockLength = 53;
    public const int BlockLength = 2 * HalfBlockLength;

    /// <summary>Lowest accepted level of each tone, as a peak amplitude: about -30 dBm0 in 16-bit G.711 PCM.</summary>
    public const double MinToneAmplitude = 700;

    /// <summary>Largest accepted distance from nominal, between Q.24's 1.5 % accept and 3.5 % reject.</summary>
    public const double MaxFrequencyOffset = 0.025;

    /// <summary>Normal twist (column weaker than row) accepted, with 0.5 dB for measurement.</summary>
    public const double MaxNormalTwistDb = 8.5;

    /// <summary>Reverse twist (column stronger than row) accepted, with 0.5 dB for measurement.</summary>
    public const double MaxReverseTwistDb = 4.5;

    /// <summary>
    /// How far the peak must stand above every other filter of its group (6 dB). Modest, because a
    /// strong row's leakage reaches the weak column's neighbours at 8 dB twist; the frequency check
    /// is what pins each tone to its own filter.
    /// </summary>
    public const double RelativePeak = 4.0;

    /// <summary>Share of the block's energy the two tones must carry.</summary>
    public const double MinToneEnergyShare = 0.8;

    /// <summary>Weaker half's tone energy over the stronger half's, at least.</summary>
    public const double MinHalfBalance = 0.5;

    /// <summary>Column's second harmonic at most 15 dB under the column tone.</summary>
    public const double MaxSecondHarmonic = 0.0316;

    private const int ToneCount = 8;
    private static readonly double MaxNormalTwist = Math.Pow(10, MaxNormalTwistDb / 10);
    private static readonly double MaxReverseTwist = Math.Pow(10, MaxReverseTwistDb / 10);
    private const double MinToneEnergy = MinToneAmplitude * MinToneAmplitude * BlockLength * BlockLength / 4;

    private static readonly Filter[] _filters = CreateFilters(1.0);
    private static readonly Filter[] _harmonics = CreateFilters(2.0);
    private static readonly double[] _window = CreateWindow(HalfBlockLength);
    private static readonly double[] _blockWindow = CreateWindow(BlockLength);

    /// <summary>The frequency offsets (fraction of nominal) of the last block's row and column peaks; for tests and tuning.</summary>
    public double LastRowOffset { get; private set; }

    public double LastColumnOffset { get; private set; }

    public double LastHarmonicRatio { get; private set; }

    /// <summary>Why the last block was or was not a key; for tests and tuning.</summary>
    public BlockVerdict LastVerdict { get; private set; }

    /// <summary>The key in the block, or '\0'. <paramref name="block"/> must be <see cref="BlockLength"/> samples.</summary>
    public char Analyze(ReadOnlySpan<short> block)
    {
        if (block.Length != BlockLength)
        {
            throw new ArgumentException($"A block is {BlockLength} samples.", nameof(block));
        }

        double blockEnergy = 0;
        foreach (var sample in block)
        {
            blockEnergy += sample * sample;
        }

        // Two tones at the minimum level carry at least this much; below it there is nothing to find.
        if (blockEnergy < MinToneAmplitude * MinToneAmplitude * BlockLength)
        {
            return Reject(BlockVerdict.Quiet);
        }

        Span<double> power = stackalloc double[ToneCount];
        Span<double> halfA = stackalloc double[ToneCount * 2];
        Span<double> halfB = stackalloc double[ToneCount * 2];
        var first = block[..HalfBlockLength];
        var second = block[HalfBlockLength..];
        for (var k = 0; k < ToneCount; k++)
        {
            var filter = _filters[k];
            RunWindowed(first, filter, out halfA[2 * k], out halfA[(2 * k) + 1]);
            RunWindowed(second, filter, out halfB[2 * k], out halfB[(2 * k) + 1]);
            Run(block, filter, out var re, out var im);
            power[k] = (re * re) + (im * im);
        }

        var row = Peak(power[..4]);
        var column = 4 + Peak(power[4..]);
        var rowPower = power[row];
        var columnPower = power[column];
        if (rowPower < MinToneEnergy || columnPower < MinToneEnergy
            || !StandsOut(power[..4], row, rowPower) || !StandsOut(power[4..], column - 4, columnPower))
        {
            return Reject(BlockVerdict.NoPeaks);
        }

        if (!IsSteady(halfA, halfB, row) || !IsSteady(halfA, halfB, column))
        {
            return Reject(BlockVerdict.Unsteady);
        }

        var rowOffset = Offset(halfA, halfB, row);
        var columnOffset = Offset(halfA, halfB, column);
        LastRowOffset = rowOffset;
        LastColumnOffset = columnOffset;
        if (Math.Abs(rowOffset) > MaxFrequencyOffset || Math.Abs(columnOffset) > MaxFrequencyOffset)
        {
            return Reject(BlockVerdict.OffFrequency);
        }

        // Undo the filter's loss for a tone off its centre, so twist and share measure the tones.
        rowPower /= Response(rowOffset * _filters[row].Frequency);
        columnPower /= Response(columnOffset * _filters[column].Frequency);
        // Twist from the sine-windowed whole block: fine enough that the other tone of the pair
        // (268 Hz = 3.6 bins away at the closest) cannot tilt it.
        var rowLevel = WindowedPower(block, _filters[row]) / WindowResponse(rowOffset * _filters[row].Frequency, BlockLength);
        var columnLevel = WindowedPower(block, _filters[column]) / WindowResponse(columnOffset * _filters[column].Frequency, BlockLength);
        if (rowLevel > columnLevel * MaxNormalTwist || columnLevel > rowLevel * MaxReverseTwist)
        {
            return Reject(BlockVerdict.Twist);
        }

        // |X|² = (A·N/2)² for a tone of amplitude A, whose energy over the block is A²·N/2.
        if ((rowPower + columnPower) * 2 / BlockLength < MinToneEnergyShare * blockEnergy)
        {
            return Reject(BlockVerdict.EnergyElsewhere);
        }

        // Windowed, so the strong row tone cannot leak into the harmonic's filter.
        var harmonic = _harmonics[column];
        RunWindowed(first, harmonic, out var hRe, out var hIm);
        var harmonicPower = (hRe * hRe) + (hIm * hIm);
        RunWindowed(second, harmonic, out hRe, out hIm);
        harmonicPower += (hRe * hRe) + (hIm * hIm);
        var columnHalves = HalvesPower(halfA, halfB, column);
        LastHarmonicRatio = harmonicPower / columnHalves;
        if (harmonicPower > MaxSecondHarmonic * columnHalves)
        {
            return Reject(BlockVerdict.Harmonic);
        }

        LastVerdict = BlockVerdict.Key;
        return DtmfKeys.FromRowColumn(row, column - 4);
    }

    private char Reject(BlockVerdict verdict)
    {
        LastVerdict = verdict;
        return '\0';
    }

    /// <summary>The Goertzel filter over a sine-windowed half block. The sine window's first null sits 1.5 bins out, where the closest pair (941 and 1209 Hz) falls, so the other tone of the pair stays out of the phase and level.</summary>
    private static void RunWindowed(ReadOnlySpan<short> samples, Filter filter, out double re, out double im)
    {
        double s1 = 0, s2 = 0;
        var coefficient = filter.Coefficient;
        var window = _window;
        for (var n = 0; n < samples.Length; n++)
        {
            var s0 = (samples[n] * window[n]) + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        re = s1 - (filter.Cos * s2);
        im = filter.Sin * s2;
    }

    private static void Run(ReadOnlySpan<short> samples, Filter filter, out double re, out double im)
    {
        double s1 = 0, s2 = 0;
        var coefficient = filter.Coefficient;
        foreach (var sample in samples)
        {
            var s0 = sample + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        // y = s1 - e^(-jω)·s2: the DFT at ω up to a phase factor common to both halves.
        re = s1 - (filter.Cos * s2);
        im = filter.Sin * s2;
    }

    private static int Peak(ReadOnlySpan<double> power)
    {
        var best = 0;
        for (var i = 1; i < power.Length; i++)
        {
            if (power[i] > power[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static bool StandsOut(ReadOnlySpan<double> power, int peak, double peakPower)
    {
        for (var i = 0; i < power.Length; i++)
        {
            if (i != peak && power[i] * RelativePeak > peakPower)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSteady(ReadOnlySpan<double> halfA, ReadOnlySpan<double> halfB, int k)
    {
        var a = (halfA[2 * k] * halfA[2 * k]) + (halfA[(2 * k) + 1] * halfA[(2 * k) + 1]);
        var b = (halfB[2 * k] * halfB[2 * k]) + (halfB[(2 * k) + 1] * halfB[(2 * k) + 1]);
        return Math.Min(a, b) >= MinHalfBalance * Math.Max(a, b);
    }

    /// <summary>The tone's distance from nominal as a fraction of nominal, from the phase advance between halves.</summary>
    private static double Offset(ReadOnlySpan<double> halfA, ReadOnlySpan<double> halfB, int k)
    {
        double aRe = halfA[2 * k], aIm = halfA[(2 * k) + 1], bRe = halfB[2 * k], bIm = halfB[(2 * k) + 1];

        // arg(B·conj(A)) = (ω + δ)·M; subtract ω·M and wrap into (-π, π].
        var advance = Math.Atan2((bIm * aRe) - (bRe * aIm), (bRe * aRe) + (bIm * aIm));
        var delta = advance - _filters[k].PhaseHalf;
        delta -= 2 * Math.PI * Math.Round(delta / (2 * Math.PI));
        var offsetHz = delta * SampleRate / (2 * Math.PI * HalfBlockLength);
        return offsetHz / _filters[k].Frequency;
    }

    /// <summary>The whole-block filter's power response to a tone <paramref name="offsetHz"/> from its centre.</summary>
    private static double Response(double offsetHz)
    {
        var x = Math.PI * offsetHz * BlockLength / SampleRate;
        if (Math.Abs(x) < 1e-9)
        {
            return 1;
        }

        var ratio = Math.Sin(x) / (BlockLength * Math.Sin(x / BlockLength));
        return Math.Max(ratio * ratio, 0.25);
    }

    private static double HalvesPower(ReadOnlySpan<double> halfA, ReadOnlySpan<double> halfB, int k) =>
        (halfA[2 * k] * halfA[2 * k]) + (halfA[(2 * k) + 1] * halfA[(2 * k) + 1])
        + (halfB[2 * k] * halfB[2 * k]) + (halfB[(2 * k) + 1] * halfB[(2 * k) + 1]);

    private static double WindowedPower(ReadOnlySpan<short> samples, Filter filter)
    {
        double s1 = 0, s2 = 0;
        var coefficient = filter.Coefficient;
        var window = _blockWindow;
        for (var n = 0; n < samples.Length; n++)
        {
            var s0 = (samples[n] * window[n]) + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        var re = s1 - (filter.Cos * s2);
        var im = filter.Sin * s2;
        return (re * re) + (im * im);
    }

    /// <summary>A sine-windowed filter's power response to a tone <paramref name="offsetHz"/> from its centre.</summary>
    private static double WindowResponse(double offsetHz, int length)
    {
        var x = offsetHz * length / SampleRate;
        var amplitude = Math.Cos(Math.PI * x) / (1 - (4 * x * x));
        return Math.Max(amplitude * amplitude, 0.25);
    }

    private static double[] CreateWindow(int length)
    {
        var window = new double[length];
        for (var n = 0; n < window.Length; n++)
        {
            window[n] = Math.Sin(Math.PI * (n + 0.5) / length);
        }

        return window;
    }

    private static Filter[] CreateFilters(double multiple)
    {
        ReadOnlySpan<double> nominal = [697, 770, 852, 941, 1209, 1336, 1477, 1633];
        var filters = new Filter[nominal.Length];
        for (var i = 0; i < nominal.Length; i++)
        {
            var frequency = nominal[i] * multiple;
            var omega = 2 * Math.PI * frequency / SampleRate;
            var phaseHalf = omega * HalfBlockLength;
            filters[i] = new Filter(
                frequency,
                2 * Math.Cos(omega),
                Math.Cos(omega),
                Math.Sin(omega),
                phaseHalf);
        }

        return filters;
    }

    private readonly record struct Filter(
        double Frequency, double Coefficient, double Cos, double Sin, double PhaseHalf);
}
