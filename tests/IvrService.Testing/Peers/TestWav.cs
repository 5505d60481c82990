using System.Buffers.Binary;

namespace IvrService.Testing;

/// <summary>Minimal 16-bit PCM mono WAV files for peers' audio (baresip's aufile source, sndfile dumps).</summary>
public static class TestWav
{
    /// <summary>Writes a sine tone (frequency 0 gives silence) as 16-bit mono PCM.</summary>
    public static void WriteTone(string path, int sampleRate, double frequency, TimeSpan duration, double amplitude = 0.3)
    {
        var samples = (int)(sampleRate * duration.TotalSeconds);
        var data = new byte[samples * 2];
        for (var n = 0; n < samples; n++)
        {
            var value = frequency == 0 ? 0 : Math.Sin(2 * Math.PI * frequency * n / sampleRate) * amplitude * short.MaxValue;
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(n * 2), (short)value);
        }

        var header = new byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), 36 + data.Length);
        "WAVEfmt "u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(24), sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(28), sampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(32), 2);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(34), 16);
        "data"u8.CopyTo(header.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(40), data.Length);
        using var file = File.Create(path);
        file.Write(header);
        file.Write(data);
    }

    /// <summary>
    /// The 16-bit samples of a PCM WAV file (first channel), found by walking the RIFF chunks.
    /// A data chunk whose size was never patched (writer killed) is read to the end of file.
    /// </summary>
    public static short[] ReadSamples(string path, out int sampleRate)
    {
        var bytes = File.ReadAllBytes(path);
        sampleRate = 0;
        var channels = 1;
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
            var body = offset + 8;
            if (id == "fmt ")
            {
                channels = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + 2));
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(body + 4));
            }
            else if (id == "data")
            {
                var length = size <= 0 || body + size > bytes.Length ? bytes.Length - body : size;
                var frame = 2 * Math.Max(1, channels);
                var samples = new short[length / frame];
                for (var n = 0; n < samples.Length; n++)
                {
                    samples[n] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + (n * frame)));
                }

                return samples;
            }

            offset = body + size + (size & 1);
        }

        return [];
    }

    /// <summary>Root-mean-square level of samples, 0..1.</summary>
    public static double Rms(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return 0;
        }

        double sum = 0;
        foreach (var s in samples)
        {
            var v = s / (double)short.MaxValue;
            sum += v * v;
        }

        return Math.Sqrt(sum / samples.Length);
    }
}
