using System.Buffers.Binary;

namespace IvrService.Testing;

/// <summary>Minimal 16-bit PCM mono WAV files for peers' audio (baresip's aufile source, sndfile dumps).</summary>
public static class TestWav
{
    /// <summary>Writes a sine tone (frequency 0 gives silence) as 16-bit mono PCM.</summary>
    public static void WriteTone(string path, int sampleRate, double frequency, TimeSpan duration, double amplitude = 0.3)
    {
        var samples = new short[(int)(sampleRate * duration.TotalSeconds)];
        for (var n = 0; n < samples.Length; n++)
        {
            samples[n] = frequency == 0 ? (short)0 : (short)(Math.Sin(2 * Math.PI * frequency * n / sampleRate) * amplitude * short.MaxValue);
        }

        WriteSamples(path, sampleRate, samples);
    }

    /// <summary>
    /// Writes DTMF keys as in-band tone pairs (ITU-T Q.23 row and column frequencies, each at
    /// <paramref name="amplitudePerTone"/> of full scale): <paramref name="leadIn"/> of silence,
    /// then each key for <paramref name="tone"/> followed by <paramref name="gap"/> of silence,
    /// then <paramref name="tail"/> of silence.
    /// </summary>
    public static void WriteDtmf(string path, int sampleRate, string keys, TimeSpan tone, TimeSpan gap, TimeSpan leadIn, TimeSpan tail, double amplitudePerTone = 0.2)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var samples = new List<short>();
        AddSilence(samples, sampleRate, leadIn);
        foreach (var key in keys)
        {
            var (low, high) = DtmfFrequencies(key);
            var count = (int)(sampleRate * tone.TotalSeconds);
            for (var n = 0; n < count; n++)
            {
                var t = (double)n / sampleRate;
                var value = (Math.Sin(2 * Math.PI * low * t) + Math.Sin(2 * Math.PI * high * t)) * amplitudePerTone * short.MaxValue;
                samples.Add((short)value);
            }

            AddSilence(samples, sampleRate, gap);
        }

        AddSilence(samples, sampleRate, tail);
        WriteSamples(path, sampleRate, [.. samples]);
    }

    /// <summary>Writes 16-bit mono PCM samples as a WAV file.</summary>
    public static void WriteSamples(string path, int sampleRate, ReadOnlySpan<short> samples)
    {
        var data = new byte[samples.Length * 2];
        for (var n = 0; n < samples.Length; n++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(n * 2), samples[n]);
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
    public static short[] ReadSamples(string path, out int sampleRate) => ReadSamples(path, 0, out sampleRate, out _);

    /// <summary>
    /// The 16-bit samples of one channel (0 = left) of a PCM WAV file, with its rate and channel
    /// count; as <see cref="ReadSamples(string, out int)"/> otherwise.
    /// </summary>
    public static short[] ReadSamples(string path, int channel, out int sampleRate, out int channels)
    {
        var bytes = File.ReadAllBytes(path);
        sampleRate = 0;
        channels = 1;
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
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, Math.Max(1, channels));
            }
            else if (id == "data")
            {
                var length = size <= 0 || body + size > bytes.Length ? bytes.Length - body : size;
                var frame = 2 * Math.Max(1, channels);
                var samples = new short[length / frame];
                for (var n = 0; n < samples.Length; n++)
                {
                    samples[n] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + (n * frame) + (2 * channel)));
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

    /// <summary>Bits per sample of a PCM WAV file's fmt chunk (0 when it has none).</summary>
    public static int ReadBitsPerSample(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
            if (id == "fmt ")
            {
                return BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(offset + 8 + 14));
            }

            offset += 8 + size + (size & 1);
        }

        return 0;
    }

    private static void AddSilence(List<short> samples, int sampleRate, TimeSpan length)
    {
        for (var n = (int)(sampleRate * length.TotalSeconds); n > 0; n--)
        {
            samples.Add(0);
        }
    }

    private static (double Low, double High) DtmfFrequencies(char key)
    {
        const string Keys = "123A456B789C*0#D";
        var index = Keys.IndexOf(char.ToUpperInvariant(key), StringComparison.Ordinal);
        if (index < 0)
        {
            throw new ArgumentException($"'{key}' is not a DTMF key", nameof(key));
        }

        double[] rows = [697, 770, 852, 941];
        double[] columns = [1209, 1336, 1477, 1633];
        return (rows[index / 4], columns[index % 4]);
    }
}
