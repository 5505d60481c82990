using System.Globalization;
using IvrService.Media.Audio;
using IvrService.Media.Tests.Dtmf;

namespace IvrService.Media.Tests.Detection;

/// <summary>
/// Real synthesised speech for the detector: espeak-ng renders a WAV (22 050 Hz), which the product's own
/// <see cref="WavReader"/> and <see cref="Resampler"/> bring to 8 kHz. Fails (never skips) when espeak-ng is missing.
/// </summary>
internal static class RenderedSpeech
{
    public static short[] Speak(string voice, string text, int wordsPerMinute = 160)
    {
        var directory = Directory.CreateTempSubdirectory("ivr-amd-");
        try
        {
            var path = Path.Combine(directory.FullName, "speech.wav");
            TestSpeech.Run("espeak-ng", ["-v", voice, "-s", wordsPerMinute.ToString(CultureInfo.InvariantCulture), "-w", path, text]);
            Assert.True(WavReader.TryRead(File.ReadAllBytes(path), out var wav, out var error), error);
            return Resampler.ToMono8k(wav!.Samples, wav.SampleRate, 1);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
