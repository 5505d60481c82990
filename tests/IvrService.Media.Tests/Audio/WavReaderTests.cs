using IvrService.Media.Audio;

namespace IvrService.Media.Tests.Audio;

public sealed class WavReaderTests
{
    private static WavAudio Read(byte[] file)
    {
        var ok = WavReader.TryRead(file, out var audio, out var error);
        Assert.True(ok, error);
        Assert.Null(error);
        return audio!;
    }

    private static string ReadError(byte[] file)
    {
        var ok = WavReader.TryRead(file, out var audio, out var error);
        Assert.False(ok);
        Assert.Null(audio);
        Assert.NotNull(error);
        return error;
    }

    [Fact]
    public void TryRead_ReadsPcm16Mono_WhenFileIsCanonical()
    {
        // Arrange
        var file = new WavBytes()
            .Chunk("fmt ", WavBytes.Fmt(1, 1, 22050, 16))
            .Chunk("data", WavBytes.Pcm16(1, -2, 32767, -32768))
            .Build();

        // Act
        var audio = Read(file);

        // Assert
        Assert.Equal([1, -2, 32767, -32768], audio.Samples);
        Assert.Equal(22050, audio.SampleRate);
        Assert.Equal(1, audio.SourceChannels);
        Assert.Equal(WavEncoding.Pcm16, audio.SourceEncoding);
        Assert.False(audio.DataSizeRecovered);
    }

    [Fact]
    public void TryRead_AveragesChannels_WhenFileIsStereo()
    {
        // Arrange
        var file = new WavBytes()
            .Chunk("fmt ", WavBytes.Fmt(1, 2, 8000, 16))
            .Chunk("data", WavBytes.Pcm16(1000, 3000, -32768, -32768, 32767, -32768))
            .Build();

        // Act
        var audio = Read(file);

        // Assert
        Assert.Equal([2000, -32768, 0], audio.Samples);
        Assert.Equal(2, audio.SourceChannels);
    }

    [Fact]
    public void TryRead_CentresUnsignedSamples_WhenPcmIs8Bit()
    {
        // Arrange
        var file = new WavBytes()
            .Chunk("fmt ", WavBytes.Fmt(1, 1, 11025, 8))
            .Chunk("data", [0x80, 0xFF, 0x00])
            .Build();

        // Act
        var audio = Read(file);

        // Assert
        Assert.Equal([0, 32512, -32768], audio.Samples);
        Assert.Equal(WavEncoding.Pcm8, audio.SourceEncoding);
    }

    [Theory]
    [InlineData(7, WavEncoding.MuLaw)]
    [InlineData(6, WavEncoding.ALaw)]
    public void TryRead_DecodesG711_WhenFormatTagIsG711(int tag, WavEncoding encoding)
    {
        // Arrange
        byte[] codes = [0x00, 0x80, 0x55, 0xD5];
        var file = new WavBytes()
            .Chunk("fmt ", WavBytes.Fmt(tag, 1, 8000, 8))
            .Chunk("fact", [4, 0, 0, 0])
            .Chunk("data", codes)
            .Build();

        // Act
        var audio = Read(file);

        // Assert
        var expected = new short[codes.Length];
        G711.Decode(encoding == WavEncoding.MuLaw ? G711Law.MuLaw : G711Law.ALaw, codes, expected);
        Assert.Equal(expected, audio.Samples);
        Assert.Equal(encoding, audio.SourceEncoding);
    }

    [Fact]
    public void TryRead_SkipsOtherChunks_WhenListAndFactSurroundTheAudio()
    {
        // Arrange: an odd-sized LIST (padded), fact, then data, then trailing metadata.
        var file = new WavBytes()
            .Chunk("LIST", "INFOISFT\u0005\0\0\0espk\0"u8.ToArray())
            .Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 16))
            .Chunk("fact", [2, 0, 0, 0])
            .Chunk("data", WavBytes.Pcm16(5, 6))
            .Chunk("id3 ", [1, 2, 3])
            .Build();

        // Act
        var audio = Read(file);

        // Assert
        Assert.Equal([5, 6], audio.Samples);
        Assert.False(audio.DataSizeRecovered);
    }

    [Fact]
    public void TryRead_FindsNextChunk_WhenOddChunkLacksItsPadByte()
    {
        // Arrange
        var file = new WavBytes()
            .Chunk("junk", [9, 9, 9], pad: false)
            .Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 16))
            .Chunk("data", WavBytes.Pcm16(7))
            .Build();

        // Act
        var audio = Read(file);

        // Assert
        Assert.Equal([7], audio.Samples);
    }

    [Fact]
    public void TryRead_ReadsOddEightBitData_WhenPadBytePrecedesNextChunk()
    {
        // Arrange
        var file = new WavBytes()
            .Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 8))
            .Chunk("data", [0x80, 0x81, 0x82])
            .Chunk("LIST", [0, 0, 0, 0])
            .Build();

        // Act
        var audio = Read(file);

        // Assert
        Assert.Equal([0, 256, 512], audio.Samples);
        Assert.False(audio.DataSizeRecovered);
    }

    [Fact]
    public void TryRead_ReadsPcm_WhenFormatIsExtensibleWithPcmSubformat()
    {
        // Arrange
        var file = new WavBytes()
            .Chunk("fmt ", WavBytes.FmtExtensible(1, 2, 48000, 16))
            .Chunk("data", WavBytes.Pcm16(100, 300))
            .Build();

        // Act
        var audio = Read(file);

        // Assert
        Assert.Equal([200], audio.Samples);
        Assert.Equal(48000, audio.SampleRate);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(1000u)]
    public void TryRead_TakesAudioToEndOfFile_WhenDataSizeIsUnknownOrTooLarge(uint declaredSize)
    {
        // Arrange
        var file = new WavBytes()
            .Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 16))
            .Chunk("data", WavBytes.Pcm16(1, 2, 3), declaredSize: declaredSize)
            .Build();

        // Act
        var audio = Read(file);

        // Assert
        Assert.Equal([1, 2, 3], audio.Samples);
        Assert.True(audio.DataSizeRecovered);
    }

    [Fact]
    public void TryRead_TakesAudioToEndOfFile_WhenDataSizeIsShortOfTheAudio()
    {
        // Arrange: the header was last updated after two samples, then more audio was appended.
        var file = new WavBytes()
            .Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 16))
            .Chunk("data", WavBytes.Pcm16(1, 2), declaredSize: 4)
            .Raw(WavBytes.Pcm16(3, 4, 5, 6, 7))
            .Build();

        // Act
        var audio = Read(file);

        // Assert
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], audio.Samples);
        Assert.True(audio.DataSizeRecovered);
    }

    [Fact]
    public void TryRead_DropsPartialFrame_WhenDataEndsMidSample()
    {
        // Arrange
        var file = new WavBytes()
            .Chunk("fmt ", WavBytes.Fmt(1, 2, 8000, 16))
            .Chunk("data", [1, 0, 1, 0, 2, 0], declaredSize: 0xFFFFFFFF)
            .Build();

        // Act
        var audio = Read(file);

        // Assert
        Assert.Equal([1], audio.Samples);
    }

    [Fact]
    public void TryRead_ReadsFromStream_WhenStreamIsNotSeekable()
    {
        // Arrange
        var file = new WavBytes()
            .Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 16))
            .Chunk("data", WavBytes.Pcm16(42))
            .Build();
        using var stream = new NonSeekableStream(file);

        // Act
        var ok = WavReader.TryRead(stream, out var audio, out var error);

        // Assert
        Assert.True(ok, error);
        Assert.Equal([42], audio!.Samples);
    }

    [Fact]
    public void TryRead_NamesMissingFmt_WhenOnlyDataIsPresent()
    {
        // Arrange
        var file = new WavBytes().Chunk("data", WavBytes.Pcm16(1)).Build();

        // Act
        var error = ReadError(file);

        // Assert
        Assert.Equal("fmt chunk missing", error);
    }

    [Fact]
    public void TryRead_NamesMissingData_WhenOnlyFmtIsPresent()
    {
        // Arrange
        var file = new WavBytes().Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 16)).Build();

        // Act
        var error = ReadError(file);

        // Assert
        Assert.Equal("data chunk missing", error);
    }

    [Theory]
    [InlineData(0x55, 0, "unsupported format tag 85 (MP3)")]
    [InlineData(0x03, 32, "unsupported format tag 3 (IEEE float)")]
    [InlineData(0x1234, 16, "unsupported format tag 4660")]
    [InlineData(1, 24, "unsupported PCM bits per sample 24 (8 or 16 are read)")]
    [InlineData(7, 16, "G.711 µ-law with 16 bits per sample (must be 8)")]
    public void TryRead_NamesTheFormat_WhenFormatIsUnsupported(int tag, int bits, string expected)
    {
        // Arrange
        var file = new WavBytes()
            .Chunk("fmt ", WavBytes.Fmt(tag, 1, 8000, bits))
            .Chunk("data", [0, 0, 0, 0, 0, 0])
            .Build();

        // Act
        var error = ReadError(file);

        // Assert
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryRead_NamesSubformat_WhenExtensibleSubformatIsUnknown()
    {
        // Arrange
        var file = new WavBytes()
            .Chunk("fmt ", WavBytes.FmtExtensible(1, 1, 8000, 16, standardGuid: false))
            .Chunk("data", [0, 0])
            .Build();

        // Act
        var error = ReadError(file);

        // Assert
        Assert.StartsWith("unsupported WAVE_FORMAT_EXTENSIBLE subformat ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 8000, "unsupported channel count 0 (1 to 8)")]
    [InlineData(9, 8000, "unsupported channel count 9 (1 to 8)")]
    [InlineData(1, 0, "invalid sample rate 0")]
    public void TryRead_Fails_WhenChannelsOrRateAreInvalid(int channels, int rate, string expected)
    {
        // Arrange
        var file = new WavBytes()
            .Chunk("fmt ", WavBytes.Fmt(1, channels, rate, 16))
            .Chunk("data", [0, 0])
            .Build();

        // Act
        var error = ReadError(file);

        // Assert
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryRead_Fails_WhenFmtChunkIsTooShort()
    {
        // Arrange
        var file = new WavBytes().Chunk("fmt ", new byte[14]).Chunk("data", [0, 0]).Build();

        // Act
        var error = ReadError(file);

        // Assert
        Assert.Equal("fmt chunk too short (14 bytes, at least 16)", error);
    }

    [Fact]
    public void TryRead_Fails_WhenFormTypeIsNotWave()
    {
        // Arrange
        var file = new WavBytes().FormType("AVI ").Chunk("data", [0, 0]).Build();

        // Act
        var error = ReadError(file);

        // Assert
        Assert.Equal("RIFF form type is 'AVI ', not 'WAVE'", error);
    }

    [Theory]
    [InlineData(new byte[0], "too short for a RIFF header (0 bytes)")]
    [InlineData(new byte[] { 0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0, 0, 0, 0 }, "not a RIFF file (no 'RIFF' at the start)")]
    [InlineData(new byte[] { 0x52, 0x46, 0x36, 0x34, 0, 0, 0, 0, 0x57, 0x41, 0x56, 0x45 }, "RF64 (64-bit RIFF) files are not supported")]
    public void TryRead_Fails_WhenFileIsNotRiff(byte[] file, string expected)
    {
        // Act
        var error = ReadError(file);

        // Assert
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryRead_NeverThrows_WhenFileIsCutAnywhere()
    {
        // Arrange
        var file = new WavBytes()
            .Chunk("LIST", new byte[7])
            .Chunk("fmt ", WavBytes.FmtExtensible(1, 2, 8000, 16))
            .Chunk("data", WavBytes.Pcm16(1, 2, 3, 4))
            .Build();

        for (var length = 0; length <= file.Length; length++)
        {
            // Act + Assert: every prefix gives a result or an error, never an exception.
            var ok = WavReader.TryRead(file.AsSpan(0, length), out var audio, out var error);
            Assert.True(ok ? audio is not null && error is null : audio is null && error is not null);
        }
    }

    [Fact]
    public void TryRead_NeverThrows_WhenBytesAreCorrupted()
    {
        // Arrange
        var file = new WavBytes()
            .Chunk("fmt ", WavBytes.Fmt(7, 1, 8000, 8))
            .Chunk("data", new byte[64])
            .Build();
        var random = new Random(1234);

        for (var round = 0; round < 2000; round++)
        {
            var copy = (byte[])file.Clone();
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
            copy[random.Next(copy.Length)] = (byte)random.Next(256);

            // Act + Assert
            var ok = WavReader.TryRead(copy, out var audio, out var error);
            Assert.True(ok ? audio is not null : error is not null);
        }
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
