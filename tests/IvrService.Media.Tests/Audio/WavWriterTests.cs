using IvrService.Media.Audio;

namespace IvrService.Media.Tests.Audio;

public sealed class WavWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ivr-wav-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static short[] Frame(int index, int channels = 1)
    {
        var frame = new short[TelephonyAudio.FrameSamples * channels];
        for (var i = 0; i < frame.Length; i++)
        {
            frame[i] = (short)((index * 97) + (i * 13) - 1000);
        }

        return frame;
    }

    private static WavAudio ReadWhileOpen(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var ok = WavReader.TryRead(stream, out var audio, out var error);
        Assert.True(ok, error);
        return audio!;
    }

    [Fact]
    public void Dispose_LeavesExactHeader_WhenPcm16MonoIsWritten()
    {
        // Arrange
        using var stream = new MemoryStream();
        var expected = new List<short>();

        // Act
        using (var writer = new WavWriter(stream, leaveOpen: true))
        {
            for (var i = 0; i < 7; i++)
            {
                writer.Append(Frame(i));
                expected.AddRange(Frame(i));
            }
        }

        // Assert
        var bytes = stream.ToArray();
        Assert.Equal(44 + (7 * 320), bytes.Length);
        Assert.Equal((uint)(bytes.Length - 8), BitConverter.ToUInt32(bytes, 4));
        Assert.Equal(7u * 320, BitConverter.ToUInt32(bytes, 40));
        Assert.True(WavReader.TryRead(bytes, out var audio, out var error), error);
        Assert.Equal(expected, audio!.Samples);
        Assert.False(audio.DataSizeRecovered);
        Assert.Equal(8000, audio.SampleRate);
    }

    [Fact]
    public void Dispose_WritesFactChunk_WhenEncodingIsMuLaw()
    {
        // Arrange
        using var stream = new MemoryStream();
        var samples = new short[TelephonyAudio.FrameSamples];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = G711.MuLawToLinear((byte)i);
        }

        // Act
        using (var writer = new WavWriter(stream, new WavWriterOptions { Encoding = WavEncoding.MuLaw }, leaveOpen: true))
        {
            writer.Append(samples);
        }

        // Assert
        var bytes = stream.ToArray();
        Assert.Equal(58 + 160, bytes.Length);
        Assert.Equal(7, BitConverter.ToUInt16(bytes, 20));
        Assert.Equal("fact"u8.ToArray(), bytes[38..42]);
        Assert.Equal(160u, BitConverter.ToUInt32(bytes, 46));
        Assert.True(WavReader.TryRead(bytes, out var audio, out var error), error);
        Assert.Equal(samples, audio!.Samples);
        Assert.Equal(WavEncoding.MuLaw, audio.SourceEncoding);
    }

    [Fact]
    public void Append_InterleavesChannels_WhenWriterIsStereo()
    {
        // Arrange
        using var stream = new MemoryStream();
        short[] left = [1000, -2000, 300];
        short[] right = [3000, -4000, 500];

        // Act
        using (var writer = new WavWriter(stream, new WavWriterOptions { Channels = 2 }, leaveOpen: true))
        {
            writer.Append(left, right);
            writer.Append([10, 30]);
        }

        // Assert
        var bytes = stream.ToArray();
        Assert.Equal(2, BitConverter.ToUInt16(bytes, 22));
        Assert.Equal(1000, BitConverter.ToInt16(bytes, 44));
        Assert.Equal(3000, BitConverter.ToInt16(bytes, 46));
        Assert.True(WavReader.TryRead(bytes, out var audio, out var error), error);
        Assert.Equal([2000, -3000, 400, 20], audio!.Samples);
        Assert.Equal(2, audio.SourceChannels);
    }

    [Fact]
    public void Dispose_PadsOddData_WhenEightBitSampleCountIsOdd()
    {
        // Arrange
        using var stream = new MemoryStream();

        // Act
        using (var writer = new WavWriter(stream, new WavWriterOptions { Encoding = WavEncoding.ALaw }, leaveOpen: true))
        {
            writer.Append([0, 1000, -1000]);
        }

        // Assert
        var bytes = stream.ToArray();
        Assert.Equal(58 + 4, bytes.Length);
        Assert.Equal(3u, BitConverter.ToUInt32(bytes, 54));
        Assert.Equal((uint)(bytes.Length - 8), BitConverter.ToUInt32(bytes, 4));
        Assert.True(WavReader.TryRead(bytes, out var audio, out var error), error);
        Assert.Equal(3, audio!.Samples.Length);
        Assert.False(audio.DataSizeRecovered);
    }

    [Fact]
    public void TryRead_ReturnsFramesSoFar_WhenWriterCrashedBetweenHeaderUpdates()
    {
        // Arrange: header updated after 50 and 100 frames, then 20 more frames reach the file.
        var path = Path.Combine(_directory, "crash.wav");
        var writer = WavWriter.Create(path, new WavWriterOptions { HeaderUpdateInterval = 50 });
        try
        {
            for (var i = 0; i < 120; i++)
            {
                writer.Append(Frame(i));
            }

            writer.Flush();

            // Act: read as another process would after this one died.
            var audio = ReadWhileOpen(path);

            // Assert
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(100u * 320, BitConverter.ToUInt32(bytes, 40));
            Assert.Equal(120 * TelephonyAudio.FrameSamples, audio.Samples.Length);
            Assert.Equal(Frame(119), audio.Samples[^TelephonyAudio.FrameSamples..]);
            Assert.True(audio.DataSizeRecovered);
        }
        finally
        {
            writer.Dispose();
        }
    }

    [Fact]
    public void TryRead_ReturnsFramesSoFar_WhenWriterCrashedBeforeFirstHeaderUpdate()
    {
        // Arrange
        var path = Path.Combine(_directory, "early-crash.wav");
        var writer = WavWriter.Create(path, new WavWriterOptions { HeaderUpdateInterval = 1000, Encoding = WavEncoding.MuLaw });
        try
        {
            for (var i = 0; i < 10; i++)
            {
                writer.Append(Frame(i));
            }

            writer.Flush();

            // Act
            var audio = ReadWhileOpen(path);

            // Assert
            Assert.Equal(0xFFFFFFFFu, BitConverter.ToUInt32(File.ReadAllBytes(path), 54));
            Assert.Equal(10 * TelephonyAudio.FrameSamples, audio.Samples.Length);
            Assert.True(audio.DataSizeRecovered);
        }
        finally
        {
            writer.Dispose();
        }
    }

    [Fact]
    public void Append_Throws_WhenStereoSamplesAreNotPaired()
    {
        // Arrange
        using var writer = new WavWriter(new MemoryStream(), new WavWriterOptions { Channels = 2 });

        // Act + Assert
        Assert.Throws<ArgumentException>(() => writer.Append([1, 2, 3]));
    }

    [Fact]
    public void Constructor_Throws_WhenStreamCannotSeek()
    {
        // Arrange
        using var stream = new BufferedStream(new NonSeekable());

        // Act + Assert
        Assert.Throws<ArgumentException>(() => new WavWriter(stream));
    }

    private sealed class NonSeekable : MemoryStream
    {
        public override bool CanSeek => false;
    }
}
