using System.Diagnostics;

namespace IvrService.Media.Tests.Dtmf;

/// <summary>Speech for the talk-off tests: rendered by espeak-ng and resampled to 8 kHz by sox (both installed here and in CI).</summary>
internal static class TestSpeech
{
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
            Assert.True(IvrService.Media.Audio.WavReader.TryRead(File.ReadAllBytes(narrow), out var wav, out var error), error);
            Assert.Equal(8000, wav!.SampleRate);
            return wav.Samples;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    internal static void Run(string program, string[] arguments)
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
