using IvrService.Media.Audio;

namespace IvrService.Media.Detection.Internal;

/// <summary>
/// Finds a single steady tone in 20 ms frames (a voicemail "record after the tone" beep) with Goertzel filters every
/// 25 Hz across a band. A frame holds a tone when one filter carries most of its energy: a pure tone at most 12.5 Hz
/// (a quarter of the 50 Hz resolution of 160 samples) from a filter gives that filter about 81 % of the frame's energy,
/// while speech spreads its energy over harmonics and formants and noise over the whole band. A beep is such a frame,
/// then more, each within one filter of the last. No allocation per frame.
/// </summary>
internal sealed class BeepFinder
{
    /// <summary>Share of a frame's energy one filter must carry.</summary>
    public const double MinToneShare = 0.7;

    /// <summary>Spacing of the filters.</summary>
    public const double Step = 25;

    private readonly double[] _coefficients;
    private readonly double _minEnergy;
    private readonly int _minFrames;
    private int _lastFilter = -1;
    private int _frames;

    public BeepFinder(double minFrequency, double maxFrequency, double minLevelDbfs, int minFrames)
    {
        var count = (int)Math.Floor((maxFrequency - minFrequency) / Step) + 1;
        _coefficients = new double[count];
        for (var i = 0; i < count; i++)
        {
            _coefficients[i] = 2 * Math.Cos(2 * Math.PI * (minFrequency + (i * Step)) / TelephonyAudio.SampleRate);
        }

        MinFrequency = minFrequency;
        _minFrames = Math.Max(1, minFrames);
        var rms = 32768.0 * Math.Pow(10, minLevelDbfs / 20);
        _minEnergy = rms * rms * TelephonyAudio.FrameSamples;
    }

    public double MinFrequency { get; }

    /// <summary>The frequency of the tone in the last frame, or 0.</summary>
    public double LastFrequency { get; private set; }

    /// <summary>How many frames in a row held the same tone, with the last one.</summary>
    public int ToneFrames => _frames;

    /// <summary>Analyses one frame (whose squared samples sum to <paramref name="energy"/>); true once a beep has lasted long enough.</summary>
    public bool Add(ReadOnlySpan<short> frame, double energy)
    {
        var filter = energy >= _minEnergy ? Strongest(frame, energy) : -1;
        if (filter < 0)
        {
            _frames = 0;
            _lastFilter = -1;
            LastFrequency = 0;
            return false;
        }

        _frames = _lastFilter >= 0 && Math.Abs(filter - _lastFilter) <= 1 ? _frames + 1 : 1;
        _lastFilter = filter;
        LastFrequency = MinFrequency + (filter * Step);
        return _frames >= _minFrames;
    }

    /// <summary>The filter holding at least <see cref="MinToneShare"/> of the frame's energy, or -1.</summary>
    private int Strongest(ReadOnlySpan<short> frame, double energy)
    {
        var best = -1;
        var bestPower = 0.0;
        for (var k = 0; k < _coefficients.Length; k++)
        {
            var coefficient = _coefficients[k];
            double s1 = 0, s2 = 0;
            foreach (var sample in frame)
            {
                var s0 = sample + (coefficient * s1) - s2;
                s2 = s1;
                s1 = s0;
            }

            // |X|² at the filter's frequency.
            var power = (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
            if (power > bestPower)
            {
                bestPower = power;
                best = k;
            }
        }

        // A tone of amplitude A gives |X|² = (A·N/2)² and carries A²·N/2 of energy: energy = 2·|X|²/N.
        var toneEnergy = 2 * bestPower / frame.Length;
        return toneEnergy >= MinToneShare * energy ? best : -1;
    }
}
