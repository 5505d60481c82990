using IvrService.Media.Dtmf;

namespace IvrService.Media.Tests.Dtmf;

public sealed class SipInfoDtmfTests
{
    [Theory]
    [InlineData("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n", '5', 160)]
    [InlineData("application/dtmf-relay", "Signal= 1\nDuration= 250\n", '1', 250)]
    [InlineData("Application/DTMF-Relay", "signal=#\r\nduration=100", '#', 100)]
    [InlineData("application/dtmf-relay", "Signal=*\r\nDuration=200\r\n", '*', 200)]
    [InlineData("application/dtmf-relay;charset=utf-8", "Signal = d \r\n Duration = 120 \r\n", 'D', 120)]
    [InlineData("application/dtmf-relay", "Signal=11\r\nDuration=160", '#', 160)]
    [InlineData("application/dtmf-relay", "Signal=10\r\nDuration=160", '*', 160)]
    [InlineData("application/dtmf-relay", "Signal=3", '3', 0)]
    [InlineData("application/dtmf", "7", '7', 0)]
    [InlineData("application/dtmf", " # \r\n", '#', 0)]
    [InlineData("application/dtmf", "11", '#', 0)]
    public void TryParse_ReadsKeyAndDuration_WhenBodyIsFromKnownVendors(string contentType, string body, char digit, int milliseconds)
    {
        // Act
        var ok = SipInfoDtmf.TryParse(contentType, body, out var parsed, out var duration);

        // Assert
        Assert.True(ok);
        Assert.Equal(digit, parsed);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("application/dtmf-relay", "Signal=hf\r\nDuration=100")]
    [InlineData("application/dtmf-relay", "Signal=16\r\nDuration=100")]
    [InlineData("application/dtmf-relay", "Signal=!\r\n")]
    [InlineData("application/dtmf-relay", "Duration=160")]
    [InlineData("application/dtmf-relay", "")]
    [InlineData("application/dtmf-relay", "Signal=12345")]
    [InlineData("application/dtmf", "E")]
    [InlineData("application/dtmf", "")]
    [InlineData("application/sdp", "Signal=5")]
    [InlineData("text/plain", "5")]
    [InlineData(null, "Signal=5")]
    [InlineData("application/dtmf-relay", null)]
    public void TryParse_ReturnsFalse_WhenBodyIsNotAKey(string? contentType, string? body)
    {
        Assert.False(SipInfoDtmf.TryParse(contentType, body, out _, out _));
    }
}
