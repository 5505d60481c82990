using System.Buffers.Binary;
using IvrService.Media.Rtp;
using Microsoft.Extensions.Time.Testing;

namespace IvrService.Media.Tests.Rtp;

public sealed class RtcpTests
{
    private const uint LocalSsrc = 0xAAAA0001;
    private const uint PeerSsrc = 0xBBBB0002;

    private static readonly RtcpReportBlock AboutLocal = new(LocalSsrc, 25, 1234, 70_000, 42, 0x12345678, 65536);

    [Fact]
    public void TryParse_ReturnsSenderInfoAndOurBlock_WhenSenderReportWasWritten()
    {
        // Arrange
        var senderInfo = new RtcpSenderInfo(0xE000_0000_8000_0000, 160_000, 1000, 160_000);
        var buffer = new byte[1500];
        var writer = new RtcpCompoundWriter(buffer);
        var other = AboutLocal with { Ssrc = 0x0BAD };
        Assert.True(writer.TryWriteSenderReport(PeerSsrc, senderInfo, [other, AboutLocal]));
        Assert.True(writer.TryWriteSourceDescription(PeerSsrc, "peer@example.invalid"));

        // Act
        var parsed = RtcpCompoundParser.TryParse(writer.WrittenSpan, LocalSsrc, out var report);

        // Assert
        Assert.True(parsed);
        Assert.Equal(PeerSsrc, report.SenderSsrc);
        Assert.Equal(RtcpPacketType.SenderReport, report.PacketType);
        Assert.True(report.HasSenderInfo);
        Assert.Equal(senderInfo, report.SenderInfo);
        Assert.True(report.HasReportAboutUs);
        Assert.Equal(AboutLocal, report.ReportAboutUs);
        Assert.False(report.IsGoodbye);
    }

    [Fact]
    public void TryParse_ReturnsBlockWithoutSenderInfo_WhenReceiverReportWasWritten()
    {
        // Arrange
        var negative = AboutLocal with { CumulativeLost = -3, FractionLost = 0 };
        var buffer = new byte[256];
        var writer = new RtcpCompoundWriter(buffer);
        writer.TryWriteReceiverReport(PeerSsrc, [negative]);
        writer.TryWriteSourceDescription(PeerSsrc, "x");

        // Act
        var parsed = RtcpCompoundParser.TryParse(writer.WrittenSpan, LocalSsrc, out var report);

        // Assert
        Assert.True(parsed);
        Assert.Equal(RtcpPacketType.ReceiverReport, report.PacketType);
        Assert.False(report.HasSenderInfo);
        Assert.Equal(-3, report.ReportAboutUs.CumulativeLost);
        Assert.Equal(8 + 24 + 12, writer.BytesWritten);
    }

    [Fact]
    public void Write_ClampsCumulativeLostTo24Bits_WhenLossExceedsRange()
    {
        // Arrange
        var buffer = new byte[64];
        var writer = new RtcpCompoundWriter(buffer);
        writer.TryWriteReceiverReport(PeerSsrc, [AboutLocal with { CumulativeLost = 20_000_000 }]);

        // Act
        RtcpCompoundParser.TryParse(writer.WrittenSpan, LocalSsrc, out var report);

        // Assert
        Assert.Equal(RtcpReportBlock.MaxCumulativeLost, report.ReportAboutUs.CumulativeLost);
        Assert.Equal(RtcpReportBlock.MinCumulativeLost, RtcpReportBlock.ClampCumulativeLost(-9_000_000));
    }

    [Fact]
    public void TryParse_SkipsUnknownPackets_WhenCompoundHoldsAppAndXr()
    {
        // Arrange: RR, APP (204), an XR-like type 207, SDES.
        var buffer = new byte[256];
        var writer = new RtcpCompoundWriter(buffer);
        writer.TryWriteReceiverReport(PeerSsrc, [AboutLocal]);
        var rr = writer.WrittenSpan.ToArray();
        byte[] app = [0x80, 204, 0x00, 0x02, 0xBB, 0xBB, 0x00, 0x02, (byte)'t', (byte)'e', (byte)'s', (byte)'t'];
        byte[] xr = [0x80, 207, 0x00, 0x01, 0xBB, 0xBB, 0x00, 0x02];
        var sdesWriter = new RtcpCompoundWriter(buffer);
        sdesWriter.TryWriteReceiverReport(PeerSsrc, []);
        sdesWriter.TryWriteSourceDescription(PeerSsrc, "peer");
        var sdes = sdesWriter.WrittenSpan[8..].ToArray();
        byte[] compound = [.. rr, .. app, .. xr, .. sdes];

        // Act
        var parsed = RtcpCompoundParser.TryParse(compound, LocalSsrc, out var report);

        // Assert
        Assert.True(parsed);
        Assert.Equal(AboutLocal, report.ReportAboutUs);
    }

    [Fact]
    public void TryParse_SeesGoodbye_WhenCompoundEndsWithBye()
    {
        // Arrange
        var buffer = new byte[256];
        var writer = new RtcpCompoundWriter(buffer);
        writer.TryWriteReceiverReport(PeerSsrc, []);
        writer.TryWriteSourceDescription(PeerSsrc, "peer");
        Assert.True(writer.TryWriteBye(PeerSsrc, "hangup"));

        // Act
        var parsed = RtcpCompoundParser.TryParse(writer.WrittenSpan, LocalSsrc, out var report);

        // Assert
        Assert.True(parsed);
        Assert.True(report.IsGoodbye);
        Assert.False(report.HasReportAboutUs);
        Assert.Equal(0, writer.BytesWritten % 4);
    }

    [Theory]
    [InlineData("ab")] // items 4 bytes: needs a whole word of nulls
    [InlineData("abc")]
    [InlineData("abcdef@host")]
    public void TryWriteSourceDescription_TerminatesAndPadsChunk_ForEveryCnameLength(string cname)
    {
        // Arrange
        var buffer = new byte[128];
        var writer = new RtcpCompoundWriter(buffer);
        writer.TryWriteReceiverReport(LocalSsrc, []);

        // Act
        var written = writer.TryWriteSourceDescription(LocalSsrc, cname);

        // Assert
        Assert.True(written);
        var sdes = writer.WrittenSpan[8..];
        Assert.Equal(0, sdes.Length % 4);
        Assert.Equal(0x81, sdes[0]);
        Assert.Equal(202, sdes[1]);
        Assert.Equal((sdes.Length / 4) - 1, BinaryPrimitives.ReadUInt16BigEndian(sdes[2..]));
        Assert.Equal(1, sdes[8]);
        Assert.Equal(cname.Length, sdes[9]);
        Assert.Equal(cname, System.Text.Encoding.UTF8.GetString(sdes.Slice(10, cname.Length)));
        Assert.True(sdes.Length - 10 - cname.Length >= 1);
        Assert.All(sdes[(10 + cname.Length)..].ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Writer_RefusesSdesOrBye_WhenNoReportCameFirst()
    {
        // Arrange
        var buffer = new byte[128];
        var writer = new RtcpCompoundWriter(buffer);

        // Act
        var sdes = writer.TryWriteSourceDescription(LocalSsrc, "me");
        var bye = writer.TryWriteBye(LocalSsrc);

        // Assert
        Assert.False(sdes);
        Assert.False(bye);
        Assert.Equal(0, writer.BytesWritten);
    }

    [Fact]
    public void Writer_RefusesReport_WhenBufferTooSmallOrTooManyBlocks()
    {
        // Arrange
        var small = new RtcpCompoundWriter(new byte[30]);
        var large = new RtcpCompoundWriter(new byte[2000]);

        // Act
        var tooSmall = small.TryWriteReceiverReport(LocalSsrc, [AboutLocal]);
        var tooMany = large.TryWriteReceiverReport(LocalSsrc, new RtcpReportBlock[32]);

        // Assert
        Assert.False(tooSmall);
        Assert.False(tooMany);
    }

    public static TheoryData<string, byte[]> MalformedCompounds => new()
    {
        { "empty", [] },
        { "SDES first", [0x81, 202, 0x00, 0x01, 0, 0, 0, 1] },
        { "version 1", [0x40, 201, 0x00, 0x01, 0, 0, 0, 1] },
        { "length past the end", [0x80, 201, 0x00, 0x07, 0, 0, 0, 1] },
        { "report count past the end", [0x81, 201, 0x00, 0x01, 0, 0, 0, 1] },
        { "trailing bytes", [0x80, 201, 0x00, 0x01, 0, 0, 0, 1, 0x80] },
        { "padding on a packet that is not last", [0xA0, 201, 0x00, 0x01, 0, 0, 0, 4, 0x80, 203, 0x00, 0x00] },
        { "second packet of version 0", [0x80, 201, 0x00, 0x01, 0, 0, 0, 1, 0x00, 203, 0x00, 0x00] },
        { "BYE count past the end", [0x80, 201, 0x00, 0x01, 0, 0, 0, 1, 0x82, 203, 0x00, 0x01, 0, 0, 0, 1] },
    };

    [Theory]
    [MemberData(nameof(MalformedCompounds))]
    public void TryParse_ReturnsFalse_WhenCompoundIsMalformed(string because, byte[] compound)
    {
        // Act
        var parsed = RtcpCompoundParser.TryParse(compound, LocalSsrc, out _);

        // Assert
        Assert.False(parsed, because);
    }

    [Fact]
    public void TryParse_NeverThrows_WhenGivenEveryTruncationAndRandomBytes()
    {
        // Arrange
        var buffer = new byte[512];
        var writer = new RtcpCompoundWriter(buffer);
        writer.TryWriteSenderReport(PeerSsrc, new RtcpSenderInfo(1, 2, 3, 4), [AboutLocal, AboutLocal]);
        writer.TryWriteSourceDescription(PeerSsrc, "peer");
        writer.TryWriteBye(PeerSsrc, "bye");
        var valid = writer.WrittenSpan.ToArray();
        var random = new Random(3550);
        var noise = new byte[96];

        // Act
        var exception = Record.Exception(() =>
        {
            for (var length = 0; length < valid.Length; length++)
            {
                _ = RtcpCompoundParser.TryParse(valid.AsSpan(0, length), LocalSsrc, out _);
            }

            for (var i = 0; i < 20_000; i++)
            {
                random.NextBytes(noise);
                noise[0] = (byte)((noise[0] & 0x3F) | 0x80);
                noise[1] = (byte)random.Next(200, 202);
                _ = RtcpCompoundParser.TryParse(noise.AsSpan(0, random.Next(noise.Length + 1)), LocalSsrc, out _);
            }
        });

        // Assert
        Assert.Null(exception);
        Assert.True(RtcpCompoundParser.TryParse(valid, LocalSsrc, out _));
    }

    [Fact]
    public void TryGetRoundTripTime_SubtractsDlsr_WhenPeerAnsweredOurSenderReport()
    {
        // Arrange: our SR left at t0; the peer held it 1 s; its RR arrives at t0 + 1.25 s.
        var t0 = new DateTimeOffset(2025, 6, 1, 8, 30, 0, TimeSpan.Zero);
        var sentNtp = NtpTimestamp.FromDateTimeOffset(t0);
        var block = AboutLocal with { LastSenderReport = NtpTimestamp.Middle32(sentNtp), DelaySinceLastSenderReport = 65536 };
        var arrival = NtpTimestamp.FromDateTimeOffset(t0.AddMilliseconds(1250));

        // Act
        var known = block.TryGetRoundTripTime(arrival, out var rtt);

        // Assert
        Assert.True(known);
        Assert.InRange(rtt.TotalMilliseconds, 249.9, 250.1);
    }

    [Fact]
    public void TryGetRoundTripTime_ReturnsFalse_WhenNoSenderReportWasEchoedOrDelayIsTooLong()
    {
        // Arrange
        var now = NtpTimestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddYears(50));
        var none = AboutLocal with { LastSenderReport = 0 };
        var impossible = AboutLocal with { LastSenderReport = NtpTimestamp.Middle32(now), DelaySinceLastSenderReport = 65536 };

        // Act
        var first = none.TryGetRoundTripTime(now, out _);
        var second = impossible.TryGetRoundTripTime(now, out _);

        // Assert
        Assert.False(first);
        Assert.False(second);
    }

    [Fact]
    public void NtpTimestamp_RoundTrips_WhenConvertedToAndFromDateTimeOffset()
    {
        // Arrange
        var time = new DateTimeOffset(2036, 2, 7, 6, 28, 15, 500, TimeSpan.Zero);

        // Act
        var ntp = NtpTimestamp.FromDateTimeOffset(time);
        var back = NtpTimestamp.ToDateTimeOffset(ntp);

        // Assert
        Assert.Equal(0x8000_0000u, (uint)ntp); // half a second
        Assert.InRange((back - time).Duration().Ticks, 0, 1);
    }

    [Fact]
    public void CreateSenderInfo_UsesTimeProviderAndExtrapolatesRtpClock_WhenTimePassedSinceLastPacket()
    {
        // Arrange
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var sender = new RtpSendStatistics(time);
        sender.OnSent(uint.MaxValue - 159, 160);
        sender.OnSent(RtpTimestamp.Add(uint.MaxValue - 159, 160), 160);
        time.Advance(TimeSpan.FromMilliseconds(100));

        // Act
        var info = sender.CreateSenderInfo();

        // Assert
        Assert.Equal(NtpTimestamp.FromDateTimeOffset(time.GetUtcNow()), info.NtpTimestamp);
        Assert.Equal(800u, info.RtpTimestamp);
        Assert.Equal(2u, info.PacketCount);
        Assert.Equal(320u, info.OctetCount);
    }

    [Fact]
    public void TryConsumeDue_FollowsRandomizedInterval_WhenTimeAdvances()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var scheduler = new RtcpScheduler(time, random: new Random(7));
        var firstDelay = scheduler.NextDelay;

        // Act
        var dueTooEarly = scheduler.TryConsumeDue();
        time.Advance(firstDelay - TimeSpan.FromMilliseconds(1));
        var dueJustBefore = scheduler.TryConsumeDue();
        time.Advance(TimeSpan.FromMilliseconds(1));
        var dueAtDelay = scheduler.TryConsumeDue();
        var secondDelay = scheduler.NextDelay;
        var dueAgainAtOnce = scheduler.TryConsumeDue();

        // Assert
        Assert.InRange(firstDelay, TimeSpan.FromSeconds(1.25), TimeSpan.FromSeconds(3.75));
        Assert.False(dueTooEarly);
        Assert.False(dueJustBefore);
        Assert.True(dueAtDelay);
        Assert.InRange(secondDelay, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(7.5));
        Assert.False(dueAgainAtOnce);
    }

    [Fact]
    public void NextInterval_StaysWithinHalfToOneAndAHalfNominal_OverManyDraws()
    {
        // Arrange
        var scheduler = new RtcpScheduler(new FakeTimeProvider(), TimeSpan.FromSeconds(5), new Random(1));

        // Act
        var intervals = Enumerable.Range(0, 10_000).Select(_ => scheduler.NextInterval()).ToArray();

        // Assert
        Assert.All(intervals, i => Assert.InRange(i, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(7.5)));
        Assert.True(intervals.Min() < TimeSpan.FromSeconds(2.6));
        Assert.True(intervals.Max() > TimeSpan.FromSeconds(7.4));
    }
}
