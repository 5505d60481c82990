using IvrService.Media.Audio;

namespace IvrService.Media.Tests.Audio;

public sealed class ComfortNoiseTests
{
    [Theory]
    [InlineData(-65)]
    [InlineData(-50)]
    public void Constructor_GeneratesNoiseAtTheLevel_WhenDecoded(double levelDbov)
    {
        // Arrange
        var noise = new ComfortNoise(levelDbov);
        var decoded = new short[noise.FrameCount * TelephonyAudio.FrameSamples];

        // Act
        G711.DecodeMuLaw(noise.Loop.MuLaw.Span, decoded);

        // Assert
        var sum = 0.0;
        foreach (var sample in decoded)
        {
            sum += (double)sample * sample;
        }

        var measured = 20 * Math.Log10(Math.Sqrt(sum / decoded.Length) / short.MaxValue);
        Assert.InRange(measured, levelDbov - 1.5, levelDbov + 1.5);
    }

    [Fact]
    public void GetFrame_LoopsAndVaries_WhenFrameNumberGrows()
    {
        // Arrange
        var noise = new ComfortNoise(frameCount: 10);

        // Act
        var first = noise.GetFrame(G711Law.ALaw, 0).ToArray();
        var second = noise.GetFrame(G711Law.ALaw, 1).ToArray();
        var wrapped = noise.GetFrame(G711Law.ALaw, 10).ToArray();

        // Assert
        Assert.Equal(TelephonyAudio.FrameSamples, first.Length);
        Assert.NotEqual(first, second);
        Assert.Equal(first, wrapped);
        Assert.True(first.Distinct().Count() > 3, "noise should not be a constant code");
    }

    [Fact]
    public void GetFrame_AllocatesNothing_AfterConstruction()
    {
        // Arrange
        var noise = ComfortNoise.Default;
        var packet = new byte[TelephonyAudio.FrameSamples];
        noise.GetFrame(G711Law.MuLaw, 0).CopyTo(packet);

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (long i = 0; i < 200; i++)
        {
            noise.GetFrame(G711Law.MuLaw, i).CopyTo(packet);
        }

        var after = GC.GetAllocatedBytesForCurrentThread();

        // Assert
        Assert.Equal(before, after);
    }
}
