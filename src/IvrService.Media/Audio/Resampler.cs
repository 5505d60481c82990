using IvrService.Media.Audio.Internal;

namespace IvrService.Media.Audio;

/// <summary>
/// Converts audio to the 8 kHz mono the media stack sends, once, when a prompt is loaded — never per packet.
/// </summary>
/// <remarks>
/// Rational-ratio polyphase resampling with a Kaiser-windowed sinc low-pass (80 dB stopband). The pass band reaches
/// 40 % of the lower of the two rates (3.2 kHz at 8 kHz) and the stop band starts at its Nyquist frequency (4 kHz),
/// so nothing above 4 kHz folds back into the telephone band. Ratios whose reduced form needs more than
/// 1024 phases (unusual rates) use the nearest of 1024 phases, an error of under 1/2048 of an input sample.
/// </remarks>
public static class Resampler
{
    private const int MaxPhases = 1024;

    /// <summary>Mixes interleaved samples to mono and resamples them to 8000 Hz.</summary>
    /// <exception cref="ArgumentException">The rate or channel count is not positive, or the samples are not whole frames.</exception>
    public static short[] ToMono8k(short[] samples, int sampleRate, int channels)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return Resample(samples, sampleRate, channels, TelephonyAudio.SampleRate);
    }

    /// <summary>Mixes interleaved samples to mono and resamples them from one rate to another.</summary>
    /// <exception cref="ArgumentException">A rate or the channel count is not positive, or the samples are not whole frames.</exception>
    public static short[] Resample(ReadOnlySpan<short> samples, int fromRate, int channels, int toRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(toRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (samples.Length % channels != 0)
        {
            throw new ArgumentException($"{samples.Length} samples are not whole frames of {channels} channels.", nameof(samples));
        }

        var mono = Downmix(samples, channels);
        if (fromRate == toRate)
        {
            return ToShorts(mono);
        }

        var divisor = Gcd(fromRate, toRate);
        var up = toRate / divisor;
        var down = fromRate / divisor;
        var phases = Math.Min(up, MaxPhases);

        var lower = Math.Min(fromRate, toRate);
        var cutoff = 0.45 * lower / fromRate;
        var transition = 0.1 * lower / fromRate;
        var filter = new PolyphaseSincFilter(cutoff, transition, phases);

        var outputLength = (int)((long)mono.Length * up / down);
        var output = new short[outputLength];
        var halfWidth = filter.HalfWidth;
        for (var n = 0; n < outputLength; n++)
        {
            var position = (long)n * down;
            var index = (int)(position / up);
            var remainder = (int)(position % up);
            var phase = phases == up ? remainder : (int)Math.Round((double)remainder * phases / up);
            if (phase == phases)
            {
                phase = 0;
                index++;
            }

            var taps = filter.Phase(phase);
            var first = index - halfWidth + 1;
            var start = Math.Max(0, -first);
            var end = Math.Min(taps.Length, mono.Length - first);
            var sum = 0f;
            for (var t = start; t < end; t++)
            {
                sum += taps[t] * mono[first + t];
            }

            output[n] = Clamp(sum);
        }

        return output;
    }

    private static float[] Downmix(ReadOnlySpan<short> samples, int channels)
    {
        var mono = new float[samples.Length / channels];
        for (var frame = 0; frame < mono.Length; frame++)
        {
            var sum = 0;
            for (var channel = 0; channel < channels; channel++)
            {
                sum += samples[(frame * channels) + channel];
            }

            mono[frame] = (float)sum / channels;
        }

        return mono;
    }

    private static short[] ToShorts(float[] mono)
    {
        var output = new short[mono.Length];
        for (var i = 0; i < mono.Length; i++)
        {
            output[i] = Clamp(mono[i]);
        }

        return output;
    }

    private static short Clamp(float value) => (short)Math.Clamp(MathF.Round(value), short.MinValue, short.MaxValue);

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
