using IvrService.Media.Audio;

namespace IvrService.Speech.Tests;

internal static class TestAudio
{
    /// <summary>A 440 Hz tone at 8 kHz.</summary>
    public static short[] Tone(int samples, double amplitude = 8000)
    {
        var tone = new short[samples];
        for (var i = 0; i < samples; i++)
        {
            tone[i] = (short)(amplitude * Math.Sin(2 * Math.PI * 440 * i / TelephonyAudio.SampleRate));
        }

        return tone;
    }

    /// <summary>The bytes of a WAV file holding the samples.</summary>
    public static byte[] Wav(ReadOnlySpan<short> samples, WavEncoding encoding = WavEncoding.Pcm16, int sampleRate = TelephonyAudio.SampleRate)
    {
        using var stream = new MemoryStream();
        using (var writer = new WavWriter(stream, new WavWriterOptions { Encoding = encoding, SampleRate = sampleRate }, leaveOpen: true))
        {
            writer.Append(samples);
        }

        return stream.ToArray();
    }

    /// <summary>Root mean square of the samples.</summary>
    public static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var sample in samples)
        {
            sum += (double)sample * sample;
        }

        return samples.Length == 0 ? 0 : Math.Sqrt(sum / samples.Length);
    }

    /// <summary>The share of 20 ms frames louder than about -40 dBov.</summary>
    public static double VoicedShare(ReadOnlySpan<short> samples)
    {
        var frames = samples.Length / TelephonyAudio.FrameSamples;
        var voiced = 0;
        for (var f = 0; f < frames; f++)
        {
            if (Rms(samples.Slice(f * TelephonyAudio.FrameSamples, TelephonyAudio.FrameSamples)) > 330)
            {
                voiced++;
            }
        }

        return frames == 0 ? 0 : (double)voiced / frames;
    }
}
