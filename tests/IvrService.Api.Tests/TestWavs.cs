using System.Buffers.Binary;
using IvrService.Media.Audio;

namespace IvrService.Api.Tests;

/// <summary>WAV files for uploads, written by the media stack's own writer (or by hand for formats it does not write).</summary>
internal static class TestWavs
{
    /// <summary>A tone of <paramref name="hertz"/> at a third of full scale.</summary>
    public static short[] Tone(int sampleRate, TimeSpan length, double hertz = 440, int channels = 1)
    {
        var frames = (int)(sampleRate * length.TotalSeconds);
        var samples = new short[frames * channels];
        for (var i = 0; i < frames; i++)
        {
            var value = (short)(10_000 * Math.Sin(2 * Math.PI * hertz * i / sampleRate));
            for (var c = 0; c < channels; c++)
            {
                samples[(i * channels) + c] = value;
            }
        }

        return samples;
    }

    /// <summary>A WAV file of <paramref name="samples"/> (interleaved when several channels) in the given format.</summary>
    public static byte[] Wav(short[] samples, int sampleRate, WavEncoding encoding = WavEncoding.Pcm16, int channels = 1)
    {
        using var stream = new MemoryStream();
        using (var writer = new WavWriter(stream, new WavWriterOptions { SampleRate = sampleRate, Channels = channels, Encoding = encoding }, leaveOpen: true))
        {
            if (channels == 2)
            {
                var left = new short[samples.Length / 2];
                var right = new short[samples.Length / 2];
                for (var i = 0; i < left.Length; i++)
                {
                    left[i] = samples[2 * i];
                    right[i] = samples[(2 * i) + 1];
                }

                writer.Append(left, right);
            }
            else
            {
                writer.Append(samples);
            }
        }

        return stream.ToArray();
    }

    /// <summary>A 24-bit PCM mono WAV file of <paramref name="frames"/> silent frames (a format the product does not take).</summary>
    public static byte[] Pcm24(int sampleRate, int frames)
    {
        var data = frames * 3;
        var file = new byte[44 + data];
        "RIFF"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), (uint)(36 + data));
        "WAVEfmt "u8.CopyTo(file.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(22), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(24), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(28), (uint)(sampleRate * 3));
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(32), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(34), 24);
        "data"u8.CopyTo(file.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(40), (uint)data);
        return file;
    }
}
