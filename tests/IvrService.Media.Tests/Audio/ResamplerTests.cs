using IvrService.Media.Audio;

namespace IvrService.Media.Tests.Audio;

public sealed class ResamplerTests
{
    private const double Amplitude = 10000;

    private static short[] Sine(double frequency, int sampleRate, double seconds, int channels = 1)
    {
        var frames = (int)(sampleRate * seconds);
        var samples = new short[frames * channels];
        for (var i = 0; i < frames; i++)
        {
            var value = (short)Math.Round(Amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
            for (var c = 0; c < channels; c++)
            {
                samples[(i * channels) + c] = value;
            }
        }

        return samples;
    }

    /// <summary>Amplitude of one frequency by the Goertzel algorithm over a whole number of its cycles.</summary>
    private static double GoertzelAmplitude(ReadOnlySpan<short> samples, double frequency, int sampleRate)
    {
        var coefficient = 2 * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double previous = 0, beforePrevious = 0;
        foreach (var sample in samples)
        {
            var current = sample + (coefficient * previous) - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }

        var power = (previous * previous) + (beforePrevious * beforePrevious) - (coefficient * previous * beforePrevious);
        return 2 * Math.Sqrt(power) / samples.Length;
    }

    private static double Rms(ReadOnlySpan<short> samples)
    {
        var sum = 0.0;
        foreach (var sample in samples)
        {
            sum += (double)sample * sample;
        }

        return Math.Sqrt(sum / samples.Length);
    }

    private static int ZeroCrossings(ReadOnlySpan<short> samples)
    {
        var count = 0;
        for (var i = 1; i < samples.Length; i++)
        {
            if ((samples[i - 1] < 0) != (samples[i] < 0))
            {
                count++;
            }
        }

        return count;
    }

    [Theory]
    [InlineData(11025)]
    [InlineData(16000)]
    [InlineData(22050)]
    [InlineData(24000)]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(8000)]
    [InlineData(6000)]
    public void ToMono8k_KeepsFrequencyAndLevel_WhenToneIsOneKilohertz(int sampleRate)
    {
        // Arrange
        var input = Sine(1000, sampleRate, 1.0);

        // Act
        var output = Resampler.ToMono8k(input, sampleRate, 1);

        // Assert: 800 whole cycles from the middle, clear of the edges.
        Assert.Equal(8000, output.Length);
        var middle = output.AsSpan(800, 6400);
        Assert.InRange(ZeroCrossings(middle), 1598, 1601);
        var gainDb = 20 * Math.Log10(GoertzelAmplitude(middle, 1000, 8000) / Amplitude);
        Assert.InRange(gainDb, -1, 1);
        Assert.True(GoertzelAmplitude(middle, 1100, 8000) < Amplitude / 100, "energy leaked to a neighbouring frequency");
    }

    [Theory]
    [InlineData(16000)]
    [InlineData(22050)]
    [InlineData(44100)]
    [InlineData(48000)]
    public void ToMono8k_AttenuatesAtLeast30Db_WhenToneIsAboveEightKilohertzNyquist(int sampleRate)
    {
        // Arrange
        var input = Sine(5000, sampleRate, 1.0);

        // Act
        var output = Resampler.ToMono8k(input, sampleRate, 1);

        // Assert
        var attenuationDb = 20 * Math.Log10(Rms(output.AsSpan(800, 6400)) / Rms(input));
        Assert.True(attenuationDb <= -30, $"only {attenuationDb:F1} dB");
    }

    [Fact]
    public void ToMono8k_KeepsTelephoneBand_WhenToneIsThreeKilohertz()
    {
        // Arrange
        var input = Sine(3000, 22050, 1.0);

        // Act
        var output = Resampler.ToMono8k(input, 22050, 1);

        // Assert
        var gainDb = 20 * Math.Log10(GoertzelAmplitude(output.AsSpan(800, 6400), 3000, 8000) / Amplitude);
        Assert.InRange(gainDb, -1, 1);
    }

    [Fact]
    public void ToMono8k_AveragesChannels_WhenInputIsStereo()
    {
        // Arrange
        var input = Sine(1000, 16000, 0.5, channels: 2);
        for (var i = 1; i < input.Length; i += 2)
        {
            input[i] = 0; // right channel silent: the mix is half the level
        }

        // Act
        var output = Resampler.ToMono8k(input, 16000, 2);

        // Assert
        Assert.Equal(4000, output.Length);
        var gainDb = 20 * Math.Log10(GoertzelAmplitude(output.AsSpan(400, 3200), 1000, 8000) / Amplitude);
        Assert.InRange(gainDb, -7, -5);
    }

    [Fact]
    public void ToMono8k_KeepsDcLevel_WhenInputIsConstant()
    {
        // Arrange
        var input = Enumerable.Repeat((short)1234, 4410).ToArray();

        // Act
        var output = Resampler.ToMono8k(input, 44100, 1);

        // Assert
        Assert.Equal(800, output.Length);
        Assert.All(output.AsSpan(100, 600).ToArray(), s => Assert.InRange(s, 1233, 1235));
    }

    [Fact]
    public void ToMono8k_ReturnsCopy_WhenInputIsAlready8kMono()
    {
        // Arrange
        short[] input = [1, 2, 3];

        // Act
        var output = Resampler.ToMono8k(input, 8000, 1);

        // Assert
        Assert.Equal(input, output);
        Assert.NotSame(input, output);
    }

    [Fact]
    public void ToMono8k_Handles_UnusualRateNeedingManyPhases()
    {
        // Arrange: 8000/44056 reduces to 1000/5507, more than the 1024 phases kept.
        var input = Sine(1000, 44056, 1.0);

        // Act
        var output = Resampler.ToMono8k(input, 44056, 1);

        // Assert
        var gainDb = 20 * Math.Log10(GoertzelAmplitude(output.AsSpan(800, 6400), 1000, 8000) / Amplitude);
        Assert.InRange(gainDb, -1, 1);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(8000, 0)]
    public void ToMono8k_Throws_WhenRateOrChannelsAreNotPositive(int sampleRate, int channels)
    {
        // Act + Assert
        Assert.ThrowsAny<ArgumentException>(() => Resampler.ToMono8k([0, 0], sampleRate, channels));
    }

    [Fact]
    public void ToMono8k_Throws_WhenSamplesAreNotWholeFrames()
    {
        // Act + Assert
        Assert.Throws<ArgumentException>(() => Resampler.ToMono8k([0, 0, 0], 16000, 2));
    }
}
