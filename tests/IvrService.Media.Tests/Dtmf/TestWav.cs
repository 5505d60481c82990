using System.Buffers.Binary;
using System.Diagnostics;

namespace IvrService.Media.Tests.Dtmf;

/// <summary>
/// Just enough WAV for the talk-off tests: 16-bit PCM mono reading, and speech rendered by
/// espeak-ng and resampled to 8 kHz by sox (both installed here and in CI).
/// </summary>
internal static class TestWav
{
    public static short[] ReadPcm16Mono(byte[] file, out int sampleRate)
    {
        if (file.Length < 12 || BinaryPrimitives.ReadUInt32BigEndian(file) != 0x52494646 || BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(8)) != 0x57415645)
        {
            throw new InvalidDataException("Not a RIFF/WAVE file.");
        }

        sampleRate = 0;
        var offset = 12;
        while (offset + 8 <= file.Length)
        {
            var id = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset));
            var size = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 4)), (uint)(file.Length - offset - 8));
            var body = file.AsSpan(offset + 8, size);
            if (id == 0x666D7420)
            {
                var format = BinaryPrimitives.ReadUInt16LittleEndian(body);
                var channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                var bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
                if (format != 1 || channels != 1 || bits != 16)
                {
                    throw new InvalidDataException($"Expected 16-bit PCM mono, got format {format}, {channels} channels, {bits} bits.");
                }
            }
            else if (id == 0x64617461)
            {
                var samples = new short[size / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(body[(2 * i)..]);
                }

                return samples;
            }

            offset += 8 + size + (size & 1);
        }

        throw new InvalidDataException("No data chunk.");
    }

    /// <summary>Speech from espeak-ng at 8 kHz, 16-bit mono. Fails (never skips) when espeak-ng or sox is missing.</summary>
    public static short[] Speak(string voice, string text, int pitch = 50, int wordsPerMinute = 160)
    {
        var directory = Directory.CreateTempSubdirectory("ivr-dtmf-");
        try
        {
            var raw = Path.Combine(directory.FullName, "speech.wav");
            var narrow = Path.Combine(directory.FullName, "speech-8k.wav");
            Run("espeak-ng", ["-v", voice, "-p", pitch.ToString(System.Globalization.CultureInfo.InvariantCulture), "-s", wordsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture), "-w", raw, text]);
            Run("sox", [raw, "-r", "8000", "-c", "1", "-b", "16", narrow]);
            var samples = ReadPcm16Mono(File.ReadAllBytes(narrow), out var rate);
            Assert.Equal(8000, rate);
            return samples;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static void Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"The talk-off tests need '{program}' on PATH (apt-get install espeak-ng sox): {e.Message}", e);
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} took longer than 60 s.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} failed with exit code {process.ExitCode}: {error.Result}");
            }
        }
    }
}
