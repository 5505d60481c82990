using IvrService.Speech.Internal;

namespace IvrService.Speech.Tests;

public sealed class SilenceTrimmerTests
{
    [Fact]
    public void Trim_KeepsSpeechWithShortMargins_WhenSpeechHasLongSilenceAround()
    {
        var samples = new short[1600 + 800 + 2400];
        for (var i = 0; i < 800; i++)
        {
            samples[1600 + i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 8000.0));
        }

        var trimmed = SilenceTrimmer.Trim(samples);

        Assert.Equal(160 + 800 + 480, trimmed.Length);
        Assert.Equal(0, trimmed.Span[0]);
        Assert.NotEqual(0, trimmed.Span[160 + 2]);
    }

    [Fact]
    public void Trim_ReturnsAudioUnchanged_WhenItHasNoSpeech()
    {
        var samples = new short[4000];
        samples[100] = 50;

        var trimmed = SilenceTrimmer.Trim(samples);

        Assert.Equal(4000, trimmed.Length);
    }
}
