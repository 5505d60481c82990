using IvrService.Media.Rtp;

namespace IvrService.Media.Tests.Rtp;

public sealed class MediaOptionsTests
{
    [Fact]
    public void Validate_ReturnsNothing_WhenDefaultsAreUsed()
    {
        // Arrange
        var options = new MediaOptions();

        // Act
        var problems = options.Validate();

        // Assert
        Assert.Empty(problems);
        Assert.Equal("Media", MediaOptions.SectionName);
        Assert.Equal(10000, options.RtpPortStart);
        Assert.Equal(20000, options.RtpPortEnd);
        Assert.Equal(30, options.MediaTimeoutSeconds);
        Assert.Equal(Environment.ProcessorCount, options.ClockLoops);
    }

    [Fact]
    public void Validate_NamesEveryKey_WhenEveryValueIsWrong()
    {
        // Arrange
        var options = new MediaOptions { RtpPortStart = 10001, RtpPortEnd = 70000, MediaTimeoutSeconds = 0, ClockLoops = -1 };

        // Act
        var problems = options.Validate();

        // Assert
        Assert.Equal(
            [
                "Media:RtpPortStart: 10001 must be even",
                "Media:RtpPortEnd: 70000 must be between 2 and 65535",
                "Media:MediaTimeoutSeconds: 0 must be positive",
                "Media:ClockLoops: -1 must be positive",
            ],
            problems);
    }

    [Fact]
    public void Validate_ComplainsAboutEnd_WhenRangeHoldsNoPair()
    {
        // Arrange
        var options = new MediaOptions { RtpPortStart = 20000, RtpPortEnd = 20000 };

        // Act
        var problems = options.Validate();

        // Assert
        var problem = Assert.Single(problems);
        Assert.StartsWith("Media:RtpPortEnd: 20000 must be at least Media:RtpPortStart + 1", problem, StringComparison.Ordinal);
    }
}
