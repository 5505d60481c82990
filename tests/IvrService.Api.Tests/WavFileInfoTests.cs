extern alias ApiServer;

using ApiServer::IvrService.Api.Internal;
using IvrService.Testing;

namespace IvrService.Api.Tests;

public sealed class WavFileInfoTests
{
    [Fact]
    public void Parse_ReadsFormatAndDuration_WhenFileIsComplete()
    {
        // Arrange
        var path = Path.Combine(Path.GetTempPath(), $"wavinfo-{Guid.NewGuid():N}.wav");
        try
        {
            TestWav.WriteTone(path, 8000, 440, TimeSpan.FromSeconds(1.5));
            var bytes = File.ReadAllBytes(path);

            // Act
            var (info, error) = WavFileInfo.Parse(bytes, bytes.Length);

            // Assert
            Assert.Null(error);
            Assert.NotNull(info);
            Assert.Equal((1, 8000, 1, 16, 24000L), (info.FormatTag, info.SampleRate, info.Channels, info.BitsPerSample, info.DataBytes));
            Assert.Equal(TimeSpan.FromSeconds(1.5), info.Duration);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parse_TakesDataToEndOfFile_WhenWriterLeftSizeZero()
    {
        // Arrange: a 16-bit mono 8 kHz header whose data size was never written, followed by 1600 bytes.
        var header = new byte[44];
        "RIFF"u8.CopyTo(header);
        "WAVEfmt "u8.CopyTo(header.AsSpan(8));
        BitConverter.TryWriteBytes(header.AsSpan(16), 16);
        BitConverter.TryWriteBytes(header.AsSpan(20), (short)1);
        BitConverter.TryWriteBytes(header.AsSpan(22), (short)1);
        BitConverter.TryWriteBytes(header.AsSpan(24), 8000);
        BitConverter.TryWriteBytes(header.AsSpan(28), 16000);
        BitConverter.TryWriteBytes(header.AsSpan(32), (short)2);
        BitConverter.TryWriteBytes(header.AsSpan(34), (short)16);
        "data"u8.CopyTo(header.AsSpan(36));

        // Act
        var (info, error) = WavFileInfo.Parse(header, header.Length + 1600);

        // Assert
        Assert.Null(error);
        Assert.Equal(1600, info!.DataBytes);
        Assert.Equal(TimeSpan.FromMilliseconds(100), info.Duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("RIFF....AVI ")]
    public void Parse_FailsWithReason_WhenNotWave(string text)
    {
        // Act
        var (info, error) = WavFileInfo.Parse(System.Text.Encoding.ASCII.GetBytes(text), text.Length);

        // Assert
        Assert.Null(info);
        Assert.Equal("not a RIFF/WAVE file", error);
    }
}
