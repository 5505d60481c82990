using IvrService.Media.Rtp;

namespace IvrService.Media.Tests.Rtp;

public sealed class RtpHeaderTests
{
    [Fact]
    public void TryParse_ReturnsWrittenFields_WhenPacketWasWrittenByTryWrite()
    {
        // Arrange
        var header = new RtpHeader(payloadType: 8, sequenceNumber: 4242, timestamp: 0xDEADBEEF, ssrc: 0x01020304, marker: true);
        var payload = new byte[160];
        payload.AsSpan().Fill(0xD5);
        var buffer = new byte[1500];

        // Act
        var written = RtpPacket.TryWrite(buffer, header, payload, out var length);
        var parsed = RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet);

        // Assert
        Assert.True(written);
        Assert.True(parsed);
        Assert.Equal(172, length);
        Assert.Equal(8, packet.Header.PayloadType);
        Assert.True(packet.Header.Marker);
        Assert.Equal(4242, packet.Header.SequenceNumber);
        Assert.Equal(0xDEADBEEF, packet.Header.Timestamp);
        Assert.Equal(0x01020304u, packet.Header.Ssrc);
        Assert.Equal(12, packet.Header.PayloadOffset);
        Assert.Equal(payload, packet.Payload.ToArray());
        Assert.False(packet.Header.HasPadding);
        Assert.False(packet.Header.HasExtension);
        Assert.Equal(0, packet.Header.CsrcCount);
    }

    [Fact]
    public void Write_EmitsVersionTwoFixedHeader_WhenMarkerAndPayloadType127()
    {
        // Arrange
        var header = new RtpHeader(127, 65535, uint.MaxValue, 0xCAFEBABE, marker: true);
        var buffer = new byte[RtpHeader.FixedSize];

        // Act
        var written = header.Write(buffer);

        // Assert
        Assert.Equal(12, written);
        Assert.Equal(
            new byte[] { 0x80, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xCA, 0xFE, 0xBA, 0xBE },
            buffer);
        Assert.True(RtpHeader.TryParse(buffer, out var parsed));
        Assert.Equal(127, parsed.PayloadType);
        Assert.True(parsed.Marker);
        Assert.Equal(0, parsed.PayloadLength);
    }

    [Fact]
    public void Write_Throws_WhenDestinationTooSmall()
    {
        // Arrange
        var header = new RtpHeader(0, 1, 2, 3);

        // Act
        var exception = Record.Exception(() => header.Write(new byte[11]));

        // Assert
        Assert.IsType<ArgumentException>(exception);
    }

    [Fact]
    public void TryParse_ExcludesPadding_WhenPaddingBitSet()
    {
        // Arrange: 3 payload bytes then 4 padding bytes, the last holding the count.
        var packet = TestRtp.Fixed(0xA0, 0x00).Concat(new byte[] { 1, 2, 3, 0, 0, 0, 4 }).ToArray();

        // Act
        var parsed = RtpPacket.TryParse(packet, out var rtp);

        // Assert
        Assert.True(parsed);
        Assert.True(rtp.Header.HasPadding);
        Assert.Equal(4, rtp.Header.PaddingLength);
        Assert.Equal(new byte[] { 1, 2, 3 }, rtp.Payload.ToArray());
    }

    [Fact]
    public void TryParse_ReturnsEmptyPayload_WhenPaddingFillsEverythingAfterHeader()
    {
        // Arrange
        var packet = TestRtp.Fixed(0xA0, 0x00).Concat(new byte[] { 0, 0, 0, 4 }).ToArray();

        // Act
        var parsed = RtpHeader.TryParse(packet, out var header);

        // Assert
        Assert.True(parsed);
        Assert.Equal(0, header.PayloadLength);
    }

    [Fact]
    public void TryParse_SkipsExtension_WhenExtensionBitSet()
    {
        // Arrange: extension profile 0xBEDE, one word of data, then 2 payload bytes.
        var packet = TestRtp.Fixed(0x90, 0x00)
            .Concat(new byte[] { 0xBE, 0xDE, 0x00, 0x01, 0x11, 0x22, 0x33, 0x44, 0xAA, 0xBB })
            .ToArray();

        // Act
        var parsed = RtpPacket.TryParse(packet, out var rtp);

        // Assert
        Assert.True(parsed);
        Assert.True(rtp.Header.HasExtension);
        Assert.Equal(0xBEDE, rtp.Header.ExtensionProfile);
        Assert.Equal(new byte[] { 0x11, 0x22, 0x33, 0x44 }, rtp.ExtensionData.ToArray());
        Assert.Equal(20, rtp.Header.PayloadOffset);
        Assert.Equal(new byte[] { 0xAA, 0xBB }, rtp.Payload.ToArray());
    }

    [Fact]
    public void TryParse_ReadsCsrcs_WhenCsrcCountIsTwo()
    {
        // Arrange
        var packet = TestRtp.Fixed(0x82, 0x00)
            .Concat(new byte[] { 0, 0, 0, 7, 0, 0, 0, 9, 0x55 })
            .ToArray();

        // Act
        var parsed = RtpPacket.TryParse(packet, out var rtp);

        // Assert
        Assert.True(parsed);
        Assert.Equal(2, rtp.Header.CsrcCount);
        Assert.Equal(7u, rtp.GetCsrc(0));
        Assert.Equal(9u, rtp.GetCsrc(1));
        Assert.Equal(new byte[] { 0x55 }, rtp.Payload.ToArray());
    }

    [Fact]
    public void TryParse_ReadsEverything_WhenCsrcExtensionAndPaddingCombine()
    {
        // Arrange: 1 CSRC, empty extension, 2 payload bytes, 2 padding bytes.
        var packet = TestRtp.Fixed(0xB1, 0xE5)
            .Concat(new byte[] { 0, 0, 0, 1, 0x10, 0x00, 0x00, 0x00, 0xAB, 0xCD, 0x00, 0x02 })
            .ToArray();

        // Act
        var parsed = RtpHeader.TryParse(packet, out var header);

        // Assert
        Assert.True(parsed);
        Assert.True(header.Marker);
        Assert.Equal(101, header.PayloadType);
        Assert.Equal(20, header.PayloadOffset);
        Assert.Equal(2, header.PayloadLength);
        Assert.Equal(0, header.ExtensionLength);
    }

    public static TheoryData<string, byte[]> MalformedPackets => new()
    {
        { "empty", [] },
        { "one byte short of the fixed header", TestRtp.Fixed(0x80, 0x00)[..11] },
        { "version 0", TestRtp.Fixed(0x00, 0x00) },
        { "version 1", TestRtp.Fixed(0x40, 0x00) },
        { "version 3", TestRtp.Fixed(0xC0, 0x00) },
        { "padding count zero", [.. TestRtp.Fixed(0xA0, 0x00), 1, 0] },
        { "padding longer than the payload", [.. TestRtp.Fixed(0xA0, 0x00), 1, 9] },
        { "padding bit with no byte after the header", TestRtp.Fixed(0xA0, 0x00) },
        { "CSRC list past the end", [.. TestRtp.Fixed(0x8F, 0x00), 0, 0, 0, 1] },
        { "extension header past the end", [.. TestRtp.Fixed(0x90, 0x00), 0xBE, 0xDE] },
        { "extension data past the end", [.. TestRtp.Fixed(0x90, 0x00), 0xBE, 0xDE, 0x00, 0x02, 1, 2, 3, 4] },
        { "padding reaching into the extension", [.. TestRtp.Fixed(0xB0, 0x00), 0xBE, 0xDE, 0x00, 0x01, 0, 0, 0, 8] },
    };

    [Theory]
    [MemberData(nameof(MalformedPackets))]
    public void TryParse_ReturnsFalse_WhenPacketIsMalformed(string because, byte[] packet)
    {
        // Act
        var parsed = RtpPacket.TryParse(packet, out _);

        // Assert
        Assert.False(parsed, because);
    }

    [Fact]
    public void TryParse_NeverThrows_WhenGivenEveryTruncationAndRandomBytes()
    {
        // Arrange
        var valid = TestRtp.Fixed(0xB2, 0x80)
            .Concat(new byte[] { 0, 0, 0, 1, 0, 0, 0, 2, 0xBE, 0xDE, 0x00, 0x01, 1, 2, 3, 4, 9, 9, 0, 3 })
            .ToArray();
        var random = new Random(3550);
        var noise = new byte[64];

        // Act
        var exception = Record.Exception(() =>
        {
            for (var length = 0; length <= valid.Length; length++)
            {
                _ = RtpPacket.TryParse(valid.AsSpan(0, length), out var rtp);
                _ = rtp.Payload.Length;
            }

            for (var i = 0; i < 20_000; i++)
            {
                random.NextBytes(noise);
                noise[0] = (byte)((noise[0] & 0x3F) | 0x80);
                if (RtpPacket.TryParse(noise.AsSpan(0, random.Next(noise.Length + 1)), out var rtp))
                {
                    _ = rtp.Payload.Length + rtp.ExtensionData.Length;
                }
            }
        });

        // Assert
        Assert.Null(exception);
        Assert.True(RtpPacket.TryParse(valid, out var complete));
        Assert.Equal(1, complete.Payload.Length);
    }

    [Fact]
    public void TryWrite_ReturnsFalse_WhenPayloadDoesNotFit()
    {
        // Arrange
        var header = new RtpHeader(0, 1, 2, 3);

        // Act
        var written = RtpPacket.TryWrite(new byte[20], header, new byte[9], out var length);

        // Assert
        Assert.False(written);
        Assert.Equal(0, length);
    }
}
