using System.Buffers.Binary;

namespace IvrService.Api.Internal;

/// <summary>
/// What the header of a RIFF/WAVE file says: format, rate, channels, bits and how long the audio is. Reads only the
/// first chunks; a data size left 0 or 0xFFFFFFFF by a writer that did not finish means "to the end of the file".
/// </summary>
internal sealed record WavFileInfo(int FormatTag, int SampleRate, int Channels, int BitsPerSample, long DataBytes, long FileBytes)
{
    private const int HeaderProbeBytes = 4096;

    public TimeSpan Duration
    {
        get
        {
            var bytesPerSecond = (long)SampleRate * Channels * Math.Max(1, BitsPerSample / 8);
            return bytesPerSecond == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)DataBytes / bytesPerSecond);
        }
    }

    public static async Task<(WavFileInfo? Info, string? Error)> ReadAsync(FileStream file, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(HeaderProbeBytes, file.Length)];
        var read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var (info, error) = Parse(buffer.AsSpan(0, read), file.Length);
        return (info, error);
    }

    internal static (WavFileInfo? Info, string? Error) Parse(ReadOnlySpan<byte> head, long fileBytes)
    {
        if (head.Length < 12 || !head[..4].SequenceEqual("RIFF"u8) || !head.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            return (null, "not a RIFF/WAVE file");
        }

        var position = 12;
        int formatTag = 0, sampleRate = 0, channels = 0, bits = 0;
        var haveFormat = false;
        while (position + 8 <= head.Length)
        {
            var id = head.Slice(position, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(head.Slice(position + 4, 4));
            var body = position + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || body + 16 > head.Length)
                {
                    return (null, "the fmt chunk is too short");
                }

                formatTag = BinaryPrimitives.ReadUInt16LittleEndian(head.Slice(body, 2));
                channels = BinaryPrimitives.ReadUInt16LittleEndian(head.Slice(body + 2, 2));
                sampleRate = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(head.Slice(body + 4, 4)));
                bits = BinaryPrimitives.ReadUInt16LittleEndian(head.Slice(body + 14, 2));
                haveFormat = true;
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (!haveFormat)
                {
                    return (null, "the data chunk comes before the fmt chunk");
                }

                var available = fileBytes - body;
                var dataBytes = size is 0 or uint.MaxValue || size > available ? available : size;
                return (new WavFileInfo(formatTag, sampleRate, channels, bits, Math.Max(0, dataBytes), fileBytes), null);
            }

            var next = (long)body + size + (size & 1);
            if (next > head.Length)
            {
                break;
            }

            position = (int)next;
        }

        return (null, "no data chunk in the first 4 KiB");
    }
}
