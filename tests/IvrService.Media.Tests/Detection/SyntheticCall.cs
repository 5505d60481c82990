namespace IvrService.Media.Tests.Detection;

/// <summary>
/// Builds the audio heard after answer, 8 kHz 16-bit: silence, speech-like bursts (voice-band noise shaped by a syllable
/// envelope at about 4 syllables a second) and tones, over a steady background noise added at the end.
/// </summary>
internal sealed class SyntheticCall
{
    public const int SampleRate = 8000;

    private readonly List<double> _audio = [];
    private readonly Random _random;

    public SyntheticCall(int seed = 1)
    {
        _random = new Random(seed);
    }

    public TimeSpan Length => TimeSpan.FromSeconds((double)_audio.Count / SampleRate);

    public SyntheticCall Silence(double seconds)
    {
        for (var n = Samples(seconds); n > 0; n--)
        {
            _audio.Add(0);
        }

        return this;
    }

    /// <summary>Speech without pauses: syllables of 250 ms whose envelope dips to -16 dB between them, at an RMS level in dBFS.</summary>
    public SyntheticCall Speech(double seconds, double dbfs = -26)
    {
        var noise = VoiceBandNoise(Samples(seconds), dbfs);
        const double syllablesPerSecond = 4;
        for (var n = 0; n < noise.Length; n++)
        {
            var phase = Math.Sin(Math.PI * syllablesPerSecond * n / SampleRate);
            var envelope = 0.16 + (0.84 * phase * phase);

            // Normalised so the speech's RMS is the level asked for (the envelope's mean square is about 0.44).
            _audio.Add(noise[n] * envelope / Math.Sqrt(0.44));
        }

        return this;
    }

    /// <summary><paramref name="count"/> words of <paramref name="wordSeconds"/> each, separated by <paramref name="gapSeconds"/> of silence.</summary>
    public SyntheticCall Words(int count, double wordSeconds, double gapSeconds, double dbfs = -26)
    {
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                Silence(gapSeconds);
            }

            Speech(wordSeconds, dbfs);
        }

        return this;
    }

    /// <summary>A steady sine at a frequency and an RMS level in dBFS.</summary>
    public SyntheticCall Tone(double frequency, double seconds, double dbfs = -16)
    {
        var amplitude = Math.Sqrt(2) * 32768 * Math.Pow(10, dbfs / 20);
        var samples = Samples(seconds);
        for (var n = 0; n < samples; n++)
        {
            _audio.Add(amplitude * Math.Sin((2 * Math.PI * frequency * n / SampleRate) + 0.4));
        }

        return this;
    }

    /// <summary>Appends recorded or synthesised speech as it is.</summary>
    public SyntheticCall Append(ReadOnlySpan<short> samples)
    {
        foreach (var sample in samples)
        {
            _audio.Add(sample);
        }

        return this;
    }

    /// <summary>The audio with voice-band background noise at <paramref name="backgroundDbfs"/> added throughout.</summary>
    public short[] ToPcm(double backgroundDbfs = -66)
    {
        var background = VoiceBandNoise(_audio.Count, backgroundDbfs);
        var pcm = new short[_audio.Count];
        for (var n = 0; n < pcm.Length; n++)
        {
            pcm[n] = (short)Math.Clamp(Math.Round(_audio[n] + background[n]), short.MinValue, short.MaxValue);
        }

        return pcm;
    }

    private static int Samples(double seconds) => (int)Math.Round(seconds * SampleRate);

    /// <summary>White noise through a 300-3400 Hz band-pass (two one-pole sections each side), scaled to an RMS level.</summary>
    private double[] VoiceBandNoise(int length, double dbfs)
    {
        var output = new double[length];
        var highPass = Math.Exp(-2 * Math.PI * 300 / SampleRate);
        var lowPass = Math.Exp(-2 * Math.PI * 3400 / SampleRate);
        double previous = 0, hp1 = 0, previousHp1 = 0, hp2 = 0, lp1 = 0, lp2 = 0;
        for (var n = 0; n < length; n++)
        {
            var white = Gaussian();
            hp1 = highPass * (hp1 + white - previous);
            previous = white;
            hp2 = highPass * (hp2 + hp1 - previousHp1);
            previousHp1 = hp1;
            lp1 = ((1 - lowPass) * hp2) + (lowPass * lp1);
            lp2 = ((1 - lowPass) * lp1) + (lowPass * lp2);
            output[n] = lp2;
        }

        var energy = 0.0;
        foreach (var value in output)
        {
            energy += value * value;
        }

        var rms = Math.Sqrt(energy / Math.Max(1, length));
        var scale = rms > 0 ? 32768 * Math.Pow(10, dbfs / 20) / rms : 0;
        for (var n = 0; n < length; n++)
        {
            output[n] *= scale;
        }

        return output;
    }

    private double Gaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
