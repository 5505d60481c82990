using System.Buffers.Binary;

namespace IvrService.Testing.Tests;

public sealed class RtpCaptureTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rtp-capture-").FullName;

    [Fact]
    public void Read_MeasuresTheVoiceCapture_WhenDebianG711aCaptureIsRead()
    {
        var capture = RtpCapture.Read(SippCallerScript.VoiceCapture);

        // 236 packets of 30 ms (240 A-law bytes each).
        Assert.Equal(236, capture.PacketCount);
        Assert.All(capture.Payloads(), p => Assert.Equal(240, p.Length));
        Assert.InRange(capture.Duration, TimeSpan.FromMilliseconds(7000), TimeSpan.FromMilliseconds(7150));
    }

    [Fact]
    public void WriteRenumbered_ShiftsSequenceAndTimestampKeepingSpacing_WhenKeyCaptureIsCopied()
    {
        var original = RtpCapture.Read(Path.Combine(SippCallerScript.CapturesDirectory, "dtmf_2833_5.pcap"));
        var path = Path.Combine(_directory, "five.pcap");

        original.WriteRenumbered(path, 1000, 16000);
        var headers = RtpHeaders(path);
        var originalHeaders = RtpHeaders(original.Path);

        Assert.Equal(originalHeaders.Count, headers.Count);
        Assert.Equal(1000, headers[0].Sequence);
        Assert.All(headers, h => Assert.Equal(16000u, h.Timestamp));
        for (var i = 1; i < headers.Count; i++)
        {
            Assert.Equal(originalHeaders[i].Sequence - originalHeaders[0].Sequence, headers[i].Sequence - headers[0].Sequence);
        }

        Assert.Equal(original.Payloads().SelectMany(p => p), RtpCapture.Read(path).Payloads().SelectMany(p => p));
    }

    [Fact]
    public void Read_ThrowsNamingTheFile_WhenFileIsNotPcap()
    {
        var path = Path.Combine(_directory, "not.pcap");
        File.WriteAllText(path, "this is not a capture file at all");

        var error = Assert.Throws<InvalidDataException>(() => RtpCapture.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Sequence numbers and timestamps read straight from the file (Ethernet, 20-byte IPv4 header, UDP).</summary>
    private static List<(int Sequence, uint Timestamp)> RtpHeaders(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var headers = new List<(int, uint)>();
        for (var at = 24; at + 16 <= bytes.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8));
            var rtp = at + 16 + 14 + 20 + 8;
            headers.Add((BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(rtp + 2)), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(rtp + 4))));
            at += 16 + length;
        }

        return headers;
    }
}
