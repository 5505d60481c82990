using IvrService.Media.Rtp;
using Microsoft.Extensions.Time.Testing;

namespace IvrService.Media.Tests.Rtp;

public sealed class RtpReceiveStatisticsTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Update_CountsEverythingAfterProbation_WhenPacketsArriveInOrder()
    {
        // Arrange
        var statistics = new RtpReceiveStatistics(_time);

        // Act
        var first = Feed(statistics, 100);
        var second = Feed(statistics, 101);
        for (ushort seq = 102; seq <= 109; seq++)
        {
            Feed(statistics, seq);
        }

        // Assert: RFC 3550 A.1 counts from the packet that ends probation.
        Assert.Equal(RtpSequenceOutcome.Probation, first);
        Assert.Equal(RtpSequenceOutcome.Accepted, second);
        Assert.Equal(9, statistics.Received);
        Assert.Equal(9, statistics.Expected);
        Assert.Equal(0, statistics.CumulativeLost);
        Assert.Equal(109u, statistics.ExtendedHighestSequence);
    }

    [Fact]
    public void CreateReportBlock_ReportsFractionAndCumulativeLoss_WhenPacketsAreMissing()
    {
        // Arrange
        var statistics = new RtpReceiveStatistics(_time);
        foreach (var seq in new ushort[] { 100, 101, 102, 103, 104, 106, 108, 109 })
        {
            Feed(statistics, seq);
        }

        // Act
        var block = statistics.CreateReportBlock();

        // Assert: 9 expected (101..109), 7 received, fraction 2/9 × 256 = 56.
        Assert.Equal(2, statistics.CumulativeLost);
        Assert.Equal(2, block.CumulativeLost);
        Assert.Equal(56, block.FractionLost);
        Assert.Equal(109u, block.ExtendedHighestSequence);
        Assert.Equal(0x5EEDu, block.Ssrc);
    }

    [Fact]
    public void CreateReportBlock_ReportsFractionPerInterval_WhenLaterIntervalIsClean()
    {
        // Arrange
        var statistics = new RtpReceiveStatistics(_time);
        foreach (var seq in new ushort[] { 1, 2, 3, 5 })
        {
            Feed(statistics, seq);
        }

        var lossy = statistics.CreateReportBlock();
        for (ushort seq = 6; seq <= 20; seq++)
        {
            Feed(statistics, seq);
        }

        // Act
        var clean = statistics.CreateReportBlock();

        // Assert
        Assert.Equal(64, lossy.FractionLost); // 1 of 4 expected (2..5)
        Assert.Equal(0, clean.FractionLost);
        Assert.Equal(1, clean.CumulativeLost);
    }

    [Fact]
    public void Update_LosesNothing_WhenPacketsAreReordered()
    {
        // Arrange
        var statistics = new RtpReceiveStatistics(_time);

        // Act
        foreach (var seq in new ushort[] { 100, 101, 102, 104, 103, 106, 105, 107 })
        {
            Feed(statistics, seq);
        }

        // Assert
        Assert.Equal(7, statistics.Received);
        Assert.Equal(0, statistics.CumulativeLost);
        Assert.Equal(107u, statistics.ExtendedHighestSequence);
    }

    [Fact]
    public void CreateReportBlock_ReportsNegativeLoss_WhenDuplicatesArrive()
    {
        // Arrange
        var statistics = new RtpReceiveStatistics(_time);
        foreach (var seq in new ushort[] { 100, 101, 102, 102, 103, 103 })
        {
            Feed(statistics, seq);
        }

        // Act
        var block = statistics.CreateReportBlock();

        // Assert
        Assert.Equal(5, statistics.Received);
        Assert.Equal(3, statistics.Expected);
        Assert.Equal(-2, block.CumulativeLost);
        Assert.Equal(0, block.FractionLost);
    }

    [Fact]
    public void Update_ExtendsSequence_WhenSequenceWrapsFrom65535To0()
    {
        // Arrange
        var statistics = new RtpReceiveStatistics(_time);

        // Act
        foreach (var seq in new ushort[] { 65533, 65534, 65535, 0, 1, 2 })
        {
            Feed(statistics, seq);
        }

        // Assert
        Assert.Equal(65536u + 2, statistics.ExtendedHighestSequence);
        Assert.Equal(5, statistics.Expected);
        Assert.Equal(5, statistics.Received);
        Assert.Equal(0, statistics.CumulativeLost);
    }

    [Fact]
    public void Update_KeepsCycles_WhenLatePacketArrivesAfterWrap()
    {
        // Arrange
        var statistics = new RtpReceiveStatistics(_time);

        // Act
        foreach (var seq in new ushort[] { 65533, 65534, 0, 65535, 1 })
        {
            Feed(statistics, seq);
        }

        // Assert
        Assert.Equal(65537u, statistics.ExtendedHighestSequence);
        Assert.Equal(4, statistics.Received);
        Assert.Equal(0, statistics.CumulativeLost);
    }

    [Fact]
    public void Update_DiscardsThenResynchronizes_WhenSequenceJumpsFar()
    {
        // Arrange
        var statistics = new RtpReceiveStatistics(_time);
        Feed(statistics, 100);
        Feed(statistics, 101);

        // Act
        var jump = Feed(statistics, 40000);
        var confirmed = Feed(statistics, 40001);
        var next = Feed(statistics, 40002);

        // Assert
        Assert.Equal(RtpSequenceOutcome.Discarded, jump);
        Assert.Equal(RtpSequenceOutcome.Resynchronized, confirmed);
        Assert.Equal(RtpSequenceOutcome.Accepted, next);
        Assert.Equal(2, statistics.Received);
        Assert.Equal(2, statistics.Expected);
        Assert.Equal(40002u, statistics.ExtendedHighestSequence);
    }

    [Fact]
    public void Update_ResetsStatistics_WhenSsrcChanges()
    {
        // Arrange
        var statistics = new RtpReceiveStatistics(_time);
        for (ushort seq = 1; seq <= 10; seq++)
        {
            Feed(statistics, seq, ssrc: 1);
        }

        // Act
        var outcome = Feed(statistics, 5000, ssrc: 2);

        // Assert
        Assert.Equal(RtpSequenceOutcome.Probation, outcome);
        Assert.Equal(2u, statistics.Ssrc);
        Assert.Equal(1, statistics.SourceChanges);
        Assert.Equal(0, statistics.Received);
        Assert.Equal(0, statistics.Expected);
        Assert.Equal(0u, statistics.Jitter);
    }

    [Fact]
    public void Jitter_MatchesHandCalculation_WhenArrivalsVary()
    {
        // Arrange: 20 ms packets (160 units at 8000 Hz) arriving at 0, 20, 45, 60, 80, 110 ms.
        var statistics = new RtpReceiveStatistics(_time);
        var start = _time.GetTimestamp();
        var arrivals = new[] { 0.0, 20, 45, 60, 80, 110 };

        // Act
        for (var i = 0; i < arrivals.Length; i++)
        {
            statistics.Update(TestRtp.Header((ushort)(1 + i), 1000 + ((uint)i * 160)), TestRtp.At(_time, start, arrivals[i]));
        }

        // Assert. The first packet is in probation, so transit starts with the second (A.1, A.8):
        // transits (arrival − timestamp, units): -1000, -960, -1000, -1000, -920
        // |D|: 40, 40, 0, 80
        // J: 40/16 = 2.5; 2.5 + 37.5/16 = 4.84375; 4.84375 − 4.84375/16 = 4.541015625;
        //    4.541015625 + (80 − 4.541015625)/16 = 9.2572021484375 → reported 9
        Assert.Equal(9u, statistics.Jitter);
        Assert.Equal(9u, statistics.CreateReportBlock().Jitter);
    }

    [Fact]
    public void Jitter_StaysZero_WhenArrivalsArePerfectlyPaced()
    {
        // Arrange
        var statistics = new RtpReceiveStatistics(_time);
        var start = _time.GetTimestamp();

        // Act: timestamps wrap past 2^32 on the way.
        for (var i = 0; i < 50; i++)
        {
            var timestamp = RtpTimestamp.Add(uint.MaxValue - 1000, i * 160);
            statistics.Update(TestRtp.Header((ushort)(65530 + i), timestamp), TestRtp.At(_time, start, i * 20));
        }

        // Assert
        Assert.Equal(0u, statistics.Jitter);
    }

    [Fact]
    public void CreateReportBlock_CarriesLsrAndDlsr_WhenPeerSentSenderReport()
    {
        // Arrange
        var statistics = new RtpReceiveStatistics(_time);
        Feed(statistics, 1);
        Feed(statistics, 2);
        var ntp = NtpTimestamp.FromDateTimeOffset(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
        statistics.OnSenderReport(0x5EED, ntp, _time.GetTimestamp());
        _time.Advance(TimeSpan.FromMilliseconds(1500));

        // Act
        var block = statistics.CreateReportBlock();

        // Assert
        Assert.Equal(NtpTimestamp.Middle32(ntp), block.LastSenderReport);
        Assert.Equal(98304u, block.DelaySinceLastSenderReport); // 1.5 × 65536
    }

    [Fact]
    public void CreateReportBlock_KeepsLsr_WhenSenderReportArrivedBeforeFirstRtp()
    {
        // Arrange
        var statistics = new RtpReceiveStatistics(_time);
        var ntp = NtpTimestamp.FromDateTimeOffset(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
        statistics.OnSenderReport(0x5EED, ntp, _time.GetTimestamp());
        Feed(statistics, 1);
        Feed(statistics, 2);

        // Act
        var block = statistics.CreateReportBlock();

        // Assert
        Assert.Equal(NtpTimestamp.Middle32(ntp), block.LastSenderReport);
    }

    [Fact]
    public void CreateReportBlock_LeavesLsrZero_WhenSenderReportCameFromAnotherSsrc()
    {
        // Arrange
        var statistics = new RtpReceiveStatistics(_time);
        Feed(statistics, 1);
        Feed(statistics, 2);
        statistics.OnSenderReport(0xD1FF, 0x1234_5678_9ABC_DEF0, _time.GetTimestamp());

        // Act
        var block = statistics.CreateReportBlock();

        // Assert
        Assert.Equal(0u, block.LastSenderReport);
        Assert.Equal(0u, block.DelaySinceLastSenderReport);
    }

    [Fact]
    public void Update_AllocatesNothing_WhenParsingAndCounting1000Packets()
    {
        // Arrange
        var statistics = new RtpReceiveStatistics(TimeProvider.System);
        var packets = new byte[2000][];
        for (var i = 0; i < packets.Length; i++)
        {
            packets[i] = new byte[172];
            RtpPacket.TryWrite(packets[i], TestRtp.Header((ushort)(65000 + i), (uint)i * 160), new byte[160], out _);
        }

        var checksum = 0L;
        for (var i = 0; i < 1000; i++)
        {
            checksum += Receive(statistics, packets[i]);
        }

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1000; i < 2000; i++)
        {
            checksum += Receive(statistics, packets[i]);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.Equal(0, allocated);
        Assert.Equal(1999, statistics.Received);
        Assert.True(checksum > 0);
    }

    private static int Receive(RtpReceiveStatistics statistics, byte[] datagram)
    {
        if (!RtpPacket.TryParse(datagram, out var packet))
        {
            return 0;
        }

        statistics.Update(packet.Header);
        return packet.Payload.Length;
    }

    private RtpSequenceOutcome Feed(RtpReceiveStatistics statistics, ushort seq, uint ssrc = 0x5EED) =>
        statistics.Update(TestRtp.Header(seq, (uint)seq * 160, ssrc), _time.GetTimestamp());
}
