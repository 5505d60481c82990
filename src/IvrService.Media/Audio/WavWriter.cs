using System.Buffers.Binary;
using IvrService.Media.Audio.Internal;

namespace IvrService.Media.Audio;

/// <summary>
/// Writes a WAV file as audio arrives: the header goes first with "unknown" (0xFFFFFFFF) sizes, frames are appended,
/// and the RIFF and data sizes are rewritten every <see cref="WavWriterOptions.HeaderUpdateInterval"/> appends and on
/// dispose. If the process dies, the file is playable up to the last update, and the audio after it is still there.
/// </summary>
/// <remarks>
/// Readers of these files must accept a data size that is 0xFFFFFFFF (never updated) or short of the audio that follows
/// (appended after the last update), taking the audio to the end of the file; <see cref="WavReader"/> does.
/// PCM files use the canonical 44-byte header; G.711 files add the cbSize field and the fact chunk the format requires
/// for non-PCM data (58 bytes). A writer is used by one thread at a time.
/// </remarks>
public sealed class WavWriter : IDisposable, IAsyncDisposable
{
    private const int PcmHeaderSize = 44;
    private const int G711HeaderSize = 58;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly int _headerSize;
    private readonly int _bytesPerSample;
    private byte[] _buffer;
    private long _dataBytes;
    private int _appendsSinceUpdate;
    private bool _padded;
    private bool _disposed;

    /// <summary>Starts a WAV file on a writable, seekable stream, writing its header at the stream's start.</summary>
    /// <exception cref="ArgumentException">The stream cannot seek or write, or the options are out of range.</exception>
    public WavWriter(Stream stream, WavWriterOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || !stream.CanWrite)
        {
            throw new ArgumentException("A WAV writer needs a writable, seekable stream to update the header.", nameof(stream));
        }

        Options = options ?? new WavWriterOptions();
        Validate(Options);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _bytesPerSample = Options.Encoding == WavEncoding.Pcm16 ? 2 : 1;
        _headerSize = Options.Encoding is WavEncoding.MuLaw or WavEncoding.ALaw ? G711HeaderSize : PcmHeaderSize;
        _buffer = new byte[TelephonyAudio.FrameSamples * Options.Channels * _bytesPerSample];

        Span<byte> header = stackalloc byte[G711HeaderSize];
        WriteHeader(header[.._headerSize], sizesKnown: false);
        _stream.Position = 0;
        _stream.Write(header[.._headerSize]);
    }

    /// <summary>The layout and update policy.</summary>
    public WavWriterOptions Options { get; }

    /// <summary>Sample frames written (one sample per channel each).</summary>
    public long FramesWritten => _dataBytes / (_bytesPerSample * Options.Channels);

    /// <summary>Length of the audio written so far.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)FramesWritten / Options.SampleRate);

    /// <summary>Creates (or replaces) a file that others may read while it is written.</summary>
    public static WavWriter Create(string path, WavWriterOptions? options = null)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 4096);
        try
        {
            return new WavWriter(stream, options);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Appends samples, interleaved when stereo (left, right, left, …).</summary>
    /// <exception cref="ArgumentException">Stereo samples are not in whole pairs.</exception>
    public void Append(ReadOnlySpan<short> samples)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (samples.Length % Options.Channels != 0)
        {
            throw new ArgumentException("Stereo samples must come in left/right pairs.", nameof(samples));
        }

        var bytes = EnsureBuffer(samples.Length);
        Encode(samples, bytes);
        WriteData(bytes);
    }

    /// <summary>Appends a stereo block from two equally long mono spans.</summary>
    /// <exception cref="InvalidOperationException">The writer is not stereo.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public void Append(ReadOnlySpan<short> left, ReadOnlySpan<short> right)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Options.Channels != 2)
        {
            throw new InvalidOperationException("Left and right samples need a stereo writer.");
        }

        if (left.Length != right.Length)
        {
            throw new ArgumentException("Left and right must have the same number of samples.", nameof(right));
        }

        var bytes = EnsureBuffer(left.Length * 2);
        for (var i = 0; i < left.Length; i++)
        {
            EncodeOne(left[i], bytes, 2 * i * _bytesPerSample);
            EncodeOne(right[i], bytes, ((2 * i) + 1) * _bytesPerSample);
        }

        WriteData(bytes);
    }

    /// <summary>Pushes buffered audio to the operating system without touching the header.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _stream.Flush();
    }

    /// <summary>Rewrites the RIFF, fact and data sizes for the audio written so far and flushes.</summary>
    public void UpdateHeader()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> header = stackalloc byte[G711HeaderSize];
        WriteHeader(header[.._headerSize], sizesKnown: true);
        var end = _stream.Position;
        _stream.Position = 0;
        _stream.Write(header[.._headerSize]);
        _stream.Position = end;
        if (_stream is FileStream file)
        {
            file.Flush(Options.FlushToDisk);
        }
        else
        {
            _stream.Flush();
        }

        _appendsSinceUpdate = 0;
    }

    /// <summary>Writes the final sizes and closes the file (unless the stream was to be left open).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Finish();
        _disposed = true;
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <summary>Writes the final sizes and closes the file (unless the stream was to be left open).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        Finish();
        _disposed = true;
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Finish()
    {
        if ((_dataBytes & 1) != 0)
        {
            // RIFF chunks are padded to an even length; the pad byte is not part of the data size.
            _stream.WriteByte(0);
            _padded = true;
        }

        UpdateHeader();
    }

    private static void Validate(WavWriterOptions options)
    {
        if (options.Channels is not (1 or 2))
        {
            throw new ArgumentException("A WAV writer writes 1 or 2 channels.", nameof(options));
        }

        if (options.SampleRate is < 1 or > 768_000)
        {
            throw new ArgumentException("The sample rate must be between 1 and 768000.", nameof(options));
        }

        if (options.HeaderUpdateInterval < 1)
        {
            throw new ArgumentException("The header update interval must be at least one append.", nameof(options));
        }

        if (!Enum.IsDefined(options.Encoding))
        {
            throw new ArgumentException("Unknown encoding.", nameof(options));
        }
    }

    private Span<byte> EnsureBuffer(int sampleCount)
    {
        var length = sampleCount * _bytesPerSample;
        if (_buffer.Length < length)
        {
            _buffer = new byte[length];
        }

        return _buffer.AsSpan(0, length);
    }

    private void Encode(ReadOnlySpan<short> samples, Span<byte> bytes)
    {
        switch (Options.Encoding)
        {
            case WavEncoding.MuLaw:
                G711.EncodeMuLaw(samples, bytes);
                break;
            case WavEncoding.ALaw:
                G711.EncodeALaw(samples, bytes);
                break;
            default:
                for (var i = 0; i < samples.Length; i++)
                {
                    EncodeOne(samples[i], bytes, i * _bytesPerSample);
                }

                break;
        }
    }

    private void EncodeOne(short sample, Span<byte> bytes, int offset)
    {
        switch (Options.Encoding)
        {
            case WavEncoding.Pcm16:
                BinaryPrimitives.WriteInt16LittleEndian(bytes[offset..], sample);
                break;
            case WavEncoding.Pcm8:
                bytes[offset] = (byte)((sample >> 8) + 128);
                break;
            case WavEncoding.MuLaw:
                bytes[offset] = G711.LinearToMuLaw(sample);
                break;
            default:
                bytes[offset] = G711.LinearToALaw(sample);
                break;
        }
    }

    private void WriteData(ReadOnlySpan<byte> bytes)
    {
        if (_headerSize + _dataBytes + bytes.Length > uint.MaxValue - 1)
        {
            throw new InvalidOperationException("A WAV file cannot hold more than 4 GiB of audio.");
        }

        _stream.Write(bytes);
        _dataBytes += bytes.Length;
        if (++_appendsSinceUpdate >= Options.HeaderUpdateInterval)
        {
            UpdateHeader();
        }
    }

    private void WriteHeader(Span<byte> header, bool sizesKnown)
    {
        // Until the first update the sizes are "unknown" so a reader takes the audio to the end of the file.
        var dataSize = sizesKnown ? (uint)_dataBytes : WavLayout.UnknownSize;
        var riffSize = sizesKnown ? (uint)(_headerSize - WavLayout.ChunkHeaderSize + _dataBytes + (_padded ? 1 : 0)) : WavLayout.UnknownSize;
        var channels = Options.Channels;
        var blockAlign = channels * _bytesPerSample;
        var isG711 = _headerSize == G711HeaderSize;

        BinaryPrimitives.WriteUInt32LittleEndian(header, WavLayout.Riff);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], riffSize);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], WavLayout.Wave);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], WavLayout.Fmt);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], isG711 ? 18u : 16u);
        var tag = Options.Encoding switch
        {
            WavEncoding.MuLaw => WavLayout.FormatMuLaw,
            WavEncoding.ALaw => WavLayout.FormatALaw,
            _ => WavLayout.FormatPcm,
        };
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], tag);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)Options.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(Options.SampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], (ushort)(_bytesPerSample * 8));
        var position = 36;
        if (isG711)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header[36..], 0); // cbSize
            BinaryPrimitives.WriteUInt32LittleEndian(header[38..], WavLayout.Fact);
            BinaryPrimitives.WriteUInt32LittleEndian(header[42..], 4);
            BinaryPrimitives.WriteUInt32LittleEndian(header[46..], (uint)(_dataBytes / blockAlign));
            position = 50;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(header[position..], WavLayout.Data);
        BinaryPrimitives.WriteUInt32LittleEndian(header[(position + 4)..], dataSize);
    }
}
