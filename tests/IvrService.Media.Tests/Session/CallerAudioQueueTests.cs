using IvrService.Media.Audio;
using IvrService.Media.Internal;

namespace IvrService.Media.Tests.Session;

public sealed class CallerAudioQueueTests
{
    [Fact]
    public void Read_DrainsABacklogLeftByABurst_DownToAFrameOrTwo()
    {
        // Arrange: a burst of six frames, then one frame per tick as usual.
        var queue = new CallerAudioQueue();
        var frame = new short[TelephonyAudio.FrameSamples];
        for (var i = 0; i < 6; i++)
        {
            queue.Write(frame);
        }

        // Act: five seconds of ticks.
        for (var tick = 0; tick < 250; tick++)
        {
            queue.Write(frame);
            Assert.True(queue.Read(frame));
        }

        var standing = 0;
        while (queue.Read(frame))
        {
            standing++;
        }

        // Assert
        Assert.InRange(standing, 0, 2);
    }

    [Fact]
    public void Read_KeepsAShortQueue_WhenNothingBuildsUp()
    {
        // Arrange
        var queue = new CallerAudioQueue();
        var frame = new short[TelephonyAudio.FrameSamples];
        queue.Write(frame);
        queue.Write(frame);

        // Act: two frames of slack held for five seconds are not counted as a backlog.
        for (var tick = 0; tick < 250; tick++)
        {
            queue.Write(frame);
            Assert.True(queue.Read(frame));
        }

        var standing = 0;
        while (queue.Read(frame))
        {
            standing++;
        }

        // Assert
        Assert.Equal(2, standing);
    }
}
