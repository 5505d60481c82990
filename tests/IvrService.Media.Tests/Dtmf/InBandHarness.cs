using IvrService.Media.Dtmf;

namespace IvrService.Media.Tests.Dtmf;

/// <summary>Runs audio through an <see cref="InBandDtmfDetector"/> in 20 ms frames and lists what it reported.</summary>
internal static class InBandHarness
{
    public const int FrameLength = 160;

    public static List<(char Digit, TimeSpan Duration)> Detect(ReadOnlySpan<short> audio)
    {
        var found = new List<(char, TimeSpan)>();
        var detector = new InBandDtmfDetector((digit, duration) => found.Add((digit, duration)));
        while (!audio.IsEmpty)
        {
            var take = Math.Min(FrameLength, audio.Length);
            detector.Process(audio[..take]);
            audio = audio[take..];
        }

        detector.Flush();
        return found;
    }

    public static List<(char Digit, TimeSpan Duration)> Detect(ReadOnlySpan<double> audio) => Detect(ToneGenerator.ToPcm(audio));
}
