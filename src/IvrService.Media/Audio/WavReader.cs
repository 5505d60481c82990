using System.Buffers.Binary;
using System.Globalization;
using IvrService.Media.Audio.Internal;

namespace IvrService.Media.Audio;

/// <summary>
/// Reads RIFF/WAVE files holding 16-bit or 8-bit PCM, G.711 µ-law or A-law (also inside WAVE_FORMAT_EXTENSIBLE),
/// any sample rate, any channel count up to <see cref="MaxChannels"/> (mixed down to mono).
/// </summary>
/// <remarks>
/// Tolerant of what real files carry: unknown chunks (LIST, fact, cue …) are skipped, odd-sized chunks with or without
/// their pad byte, and a data size of 0, 0xFFFFFFFF, past the end of the file, or short of the audio that follows it
/// (a writer that crashed between header updates — see <see cref="WavWriter"/>): then the data runs to the end of the file.
/// Bad input never throws; the error says what is wrong.
/// </remarks>
public static class WavReader
{
    /// <summary>The most channels a file may have.</summary>
    public const int MaxChannels = 8;

    /// <summary>The largest file read from a stream.</summary>
    public const int MaxFileBytes = 512 * 1024 * 1024;

    private const int MaxSampleRate = 768_000;

    /// <summary>Reads a whole WAV file from a stream (from its current position).</summary>
    public static bool TryRead(Stream stream, out WavAudio? audio, out string? error)
    {
        ArgumentNullException.ThrowIfNull(stream);
        audio = null;
        byte[] bytes;
        try
        {
            bytes = ReadAll(stream, out error);
        }
        catch (IOException e)
        {
            error = "could not read the stream: " + e.Message;
            return false;
        }

        return error is null && TryRead(bytes, out audio, out error);
    }

    /// <summary>Reads a WAV file held in memory.</summary>
    public static bool TryRead(ReadOnlySpan<byte> file, out WavAudio? audio, out string? error)
    {
        audio = null;
        if (!TryFindChunks(file, out var format, out var dataOffset, out var dataLength, out var recovered, out error))
        {
            return false;
        }

        var blockAlign = format.BytesPerSample * format.Channels;
        var frames = dataLength / blockAlign;
        var samples = new short[frames];
        Decode(file.Slice(dataOffset, frames * blockAlign), format, samples);
        audio = new WavAudio(samples, format.SampleRate, format.Channels, format.Encoding, recovered);
        return true;
    }

    private static byte[] ReadAll(Stream stream, out string? error)
    {
        error = null;
        if (stream.CanSeek)
        {
            var remaining = stream.Length - stream.Position;
            if (remaining > MaxFileBytes)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"file too large ({remaining} bytes; at most {MaxFileBytes})");
                return [];
            }

            var bytes = new byte[remaining];
            stream.ReadExactly(bytes);
            return bytes;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        if (copy.Length > MaxFileBytes)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"file too large ({copy.Length} bytes; at most {MaxFileBytes})");
            return [];
        }

        return copy.ToArray();
    }

    private static bool TryFindChunks(
        ReadOnlySpan<byte> file, out WavFormat format, out int dataOffset, out int dataLength, out bool recovered, out string? error)
    {
        format = default;
        dataOffset = 0;
        dataLength = 0;
        recovered = false;
        error = null;

        if (file.Length < WavLayout.RiffHeaderSize)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"too short for a RIFF header ({file.Length} bytes)");
            return false;
        }

        var riff = BinaryPrimitives.ReadUInt32LittleEndian(file);
        if (riff == WavLayout.Rf64)
        {
            error = "RF64 (64-bit RIFF) files are not supported";
            return false;
        }

        if (riff != WavLayout.Riff)
        {
            error = "not a RIFF file (no 'RIFF' at the start)";
            return false;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(file[8..]) != WavLayout.Wave)
        {
            error = "RIFF form type is " + FourCc(file.Slice(8, 4)) + ", not 'WAVE'";
            return false;
        }

        var haveFormat = false;
        var haveData = false;
        var position = WavLayout.RiffHeaderSize;
        while (position + WavLayout.ChunkHeaderSize <= file.Length)
        {
            var id = BinaryPrimitives.ReadUInt32LittleEndian(file[position..]);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(file[(position + 4)..]);
            var body = position + WavLayout.ChunkHeaderSize;
            var available = file.Length - body;

            if (id == WavLayout.Data && !haveData)
            {
                haveData = true;
                dataOffset = body;
                if (size == 0 || size == WavLayout.UnknownSize || size > (uint)available)
                {
                    dataLength = available;
                    recovered = size != (uint)available;
                    break;
                }

                dataLength = (int)size;
                var after = body + dataLength + (dataLength & 1);
                if (after < file.Length && !WavLayout.LooksLikeChunk(file[after..]) && !WavLayout.LooksLikeChunk(file[(body + dataLength)..]))
                {
                    // Audio, not a chunk, follows the declared size: the header was last updated before the writer stopped.
                    dataLength = available;
                    recovered = true;
                    break;
                }

                if (haveFormat)
                {
                    break;
                }
            }
            else if (id == WavLayout.Fmt && !haveFormat)
            {
                if (size > (uint)available)
                {
                    error = "fmt chunk runs past the end of the file";
                    return false;
                }

                if (!TryParseFormat(file.Slice(body, (int)size), out format, out error))
                {
                    return false;
                }

                haveFormat = true;
                if (haveData)
                {
                    break;
                }
            }

            if (size > (uint)available)
            {
                break; // a trailing chunk cut short; what came before may still be complete
            }

            position = NextChunk(file, body, (int)size);
        }

        if (!haveFormat)
        {
            error = "fmt chunk missing";
            return false;
        }

        if (!haveData)
        {
            error = "data chunk missing";
            return false;
        }

        return true;
    }

    private static int NextChunk(ReadOnlySpan<byte> file, int body, int size)
    {
        var unpadded = body + size;
        if ((size & 1) == 0)
        {
            return unpadded;
        }

        // RIFF pads odd chunks to an even length; some writers forget, so take whichever position holds a chunk.
        var padded = unpadded + 1;
        if (padded < file.Length && !WavLayout.LooksLikeChunk(file[padded..]) && WavLayout.LooksLikeChunk(file[unpadded..]))
        {
            return unpadded;
        }

        return padded;
    }

    private static bool TryParseFormat(ReadOnlySpan<byte> fmt, out WavFormat format, out string? error)
    {
        format = default;
        error = null;
        if (fmt.Length < WavLayout.FmtMinimumSize)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"fmt chunk too short ({fmt.Length} bytes, at least 16)");
            return false;
        }

        int tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        var sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        int bitsPerSample = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);

        if (tag == WavLayout.FormatExtensible)
        {
            if (fmt.Length < WavLayout.FmtExtensibleSize)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"WAVE_FORMAT_EXTENSIBLE fmt chunk too short ({fmt.Length} bytes, at least 40)");
                return false;
            }

            var subFormat = fmt.Slice(24, 16);
            if (!subFormat[2..].SequenceEqual(WavLayout.SubFormatGuidTail))
            {
                error = "unsupported WAVE_FORMAT_EXTENSIBLE subformat " + new Guid(subFormat).ToString("D", CultureInfo.InvariantCulture);
                return false;
            }

            tag = BinaryPrimitives.ReadUInt16LittleEndian(subFormat);
        }

        WavEncoding encoding;
        switch (tag)
        {
            case WavLayout.FormatPcm when bitsPerSample == 16:
                encoding = WavEncoding.Pcm16;
                break;
            case WavLayout.FormatPcm when bitsPerSample == 8:
                encoding = WavEncoding.Pcm8;
                break;
            case WavLayout.FormatPcm:
                error = string.Create(CultureInfo.InvariantCulture, $"unsupported PCM bits per sample {bitsPerSample} (8 or 16 are read)");
                return false;
            case WavLayout.FormatMuLaw or WavLayout.FormatALaw when bitsPerSample == 8:
                encoding = tag == WavLayout.FormatMuLaw ? WavEncoding.MuLaw : WavEncoding.ALaw;
                break;
            case WavLayout.FormatMuLaw or WavLayout.FormatALaw:
                error = string.Create(CultureInfo.InvariantCulture, $"G.711 {(tag == WavLayout.FormatMuLaw ? "µ-law" : "A-law")} with {bitsPerSample} bits per sample (must be 8)");
                return false;
            default:
                var name = WavLayout.FormatTagName(tag);
                error = name is null
                    ? string.Create(CultureInfo.InvariantCulture, $"unsupported format tag {tag}")
                    : string.Create(CultureInfo.InvariantCulture, $"unsupported format tag {tag} ({name})");
                return false;
        }

        if (channels is < 1 or > MaxChannels)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"unsupported channel count {channels} (1 to {MaxChannels})");
            return false;
        }

        if (sampleRate is < 1 or > MaxSampleRate)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"invalid sample rate {sampleRate}");
            return false;
        }

        format = new WavFormat(encoding, channels, (int)sampleRate);
        return true;
    }

    private static void Decode(ReadOnlySpan<byte> data, WavFormat format, Span<short> mono)
    {
        var channels = format.Channels;
        var bytesPerSample = format.BytesPerSample;
        var offset = 0;
        for (var frame = 0; frame < mono.Length; frame++)
        {
            var sum = 0;
            for (var channel = 0; channel < channels; channel++)
            {
                sum += format.Encoding switch
                {
                    WavEncoding.Pcm16 => BinaryPrimitives.ReadInt16LittleEndian(data[offset..]),
                    WavEncoding.Pcm8 => (data[offset] - 128) << 8,
                    WavEncoding.MuLaw => G711.MuLawToLinear(data[offset]),
                    _ => G711.ALawToLinear(data[offset]),
                };
                offset += bytesPerSample;
            }

            mono[frame] = (short)(sum / channels);
        }
    }

    private static string FourCc(ReadOnlySpan<byte> id)
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            chars[i] = id[i] is >= 0x20 and <= 0x7E ? (char)id[i] : '?';
        }

        return "'" + new string(chars) + "'";
    }

    private readonly record struct WavFormat(WavEncoding Encoding, int Channels, int SampleRate)
    {
        public int BytesPerSample => Encoding == WavEncoding.Pcm16 ? 2 : 1;
    }
}
