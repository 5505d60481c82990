using IvrService.Media.Dtmf;

namespace IvrService.Media.Tests.Dtmf;

/// <summary>The per-packet and per-frame paths allocate nothing (digits found call back without allocating either).</summary>
public sealed class AllocationTests
{
    [Fact]
    public void Process_AllocatesNothing_WhenFedFramesAndPackets()
    {
        // Arrange
        var count = 0;
        var detector = new InBandDtmfDetector((_, _) => count++);
        var receiver = new Rfc4733Receiver((_, _) => count++);
        var (row, column) = ToneGenerator.Frequencies('7');
        var audio = ToneGenerator.ToPcm(ToneGenerator.Press(row, column, TimeSpan.FromMilliseconds(100)));
        var payload = new byte[4];
        new TelephoneEvent(7, true, 10, 800).Write(payload);
        detector.Process(audio);
        receiver.Process(1, true, 1, payload);

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++)
        {
            for (var frame = 0; frame + 160 <= audio.Length; frame += 160)
            {
                detector.Process(audio.AsSpan(frame, 160));
            }

            receiver.Process((uint)(1000 * (i + 2)), true, (ushort)i, payload);
            receiver.Poll();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.Equal(0, allocated);
        Assert.True(count > 20);
    }
}
