using IvrService.Media.Rtp;

namespace IvrService.Media.Tests.Rtp;

public sealed class RtpArithmeticTests
{
    [Theory]
    [InlineData(0, 65535, 1)]
    [InlineData(65535, 0, -1)]
    [InlineData(10, 5, 5)]
    [InlineData(32767, 0, 32767)]
    [InlineData(32768, 0, -32768)]
    public void SequenceDifference_IsSigned_WhenNumbersWrap(int later, int earlier, int expected)
    {
        // Act
        var difference = RtpSequence.Difference((ushort)later, (ushort)earlier);

        // Assert
        Assert.Equal(expected, difference);
    }

    [Fact]
    public void SequenceNext_WrapsToZero_WhenAt65535()
    {
        // Act
        var next = RtpSequence.Next(65535);

        // Assert
        Assert.Equal(0, next);
        Assert.True(RtpSequence.IsNewer(0, 65535));
        Assert.False(RtpSequence.IsNewer(65535, 0));
    }

    [Fact]
    public void TimestampDifference_IsSigned_WhenTimestampsWrap()
    {
        // Arrange
        var beforeWrap = uint.MaxValue - 79;
        var afterWrap = RtpTimestamp.Add(beforeWrap, 160);

        // Act
        var forward = RtpTimestamp.Difference(afterWrap, beforeWrap);
        var backward = RtpTimestamp.Difference(beforeWrap, afterWrap);

        // Assert
        Assert.Equal(80u, afterWrap);
        Assert.Equal(160, forward);
        Assert.Equal(-160, backward);
        Assert.True(RtpTimestamp.IsNewer(afterWrap, beforeWrap));
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 200, 0, 6 }, true)]
    [InlineData(new byte[] { 0x81, 201, 0, 7 }, true)]
    [InlineData(new byte[] { 0x80, 204, 0, 2 }, true)]
    [InlineData(new byte[] { 0x80, 0x00, 0, 1 }, false)]
    [InlineData(new byte[] { 0x80, 0xE5, 0, 1 }, false)]
    [InlineData(new byte[] { 0x80, 0x7F, 0, 1 }, false)]
    [InlineData(new byte[] { 0x40, 200, 0, 6 }, false)]
    [InlineData(new byte[] { 0x80 }, false)]
    public void IsRtcp_TellsRtcpFromRtp_ByTheSecondOctet(byte[] packet, bool expected)
    {
        // Act
        var isRtcp = RtcpDemux.IsRtcp(packet);

        // Assert
        Assert.Equal(expected, isRtcp);
    }
}
