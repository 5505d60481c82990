using IvrService.Media.Audio;

namespace IvrService.Media.Internal;

/// <summary>
/// A WAV file fed from the clock thread without touching the disk there: frames go into a preallocated ring,
/// and the <see cref="RecordingFlusher"/> drains the ring into the writer a few times a second. The writer
/// rewrites its header as it goes, so a crash leaves a playable file up to the last drain.
/// </summary>
internal sealed class RecordingSink : IDisposable
{
    private readonly WavWriter _writer;
    private readonly short[] _ring;
    private readonly Lock _gate = new();
    private int _head;
    private int _count;
    private bool _closed;

    public RecordingSink(string path, int channels, TimeSpan bufferLength)
    {
        Path = path;
        Channels = channels;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        _writer = WavWriter.Create(path, new WavWriterOptions { Channels = channels, HeaderUpdateInterval = int.MaxValue });
        _ring = new short[(int)(bufferLength.TotalSeconds * TelephonyAudio.SampleRate) * channels];
    }

    public string Path { get; }

    public int Channels { get; }

    /// <summary>Samples (per channel) written so far, drained or not.</summary>
    public long FramesAccepted { get; private set; }

    /// <summary>Samples lost because the disk fell behind by more than the ring holds.</summary>
    public long Overflowed { get; private set; }

    public TimeSpan Duration => TimeSpan.FromSeconds((double)FramesAccepted / TelephonyAudio.SampleRate);

    /// <summary>Appends interleaved samples (one per channel per sample time). Clock thread; never blocks on I/O.</summary>
    public void Append(ReadOnlySpan<short> interleaved)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            var free = _ring.Length - _count;
            if (interleaved.Length > free)
            {
                Overflowed += (interleaved.Length - free) / Channels;
                interleaved = interleaved[..free];
            }

            var tail = (_head + _count) % _ring.Length;
            var first = Math.Min(interleaved.Length, _ring.Length - tail);
            interleaved[..first].CopyTo(_ring.AsSpan(tail));
            interleaved[first..].CopyTo(_ring);
            _count += interleaved.Length;
            FramesAccepted += interleaved.Length / Channels;
        }
    }

    /// <summary>Ring size in samples, the scratch size <see cref="Drain"/> needs.</summary>
    public int Capacity => _ring.Length;

    /// <summary>
    /// Writes what the ring holds to the file (flusher thread). <paramref name="scratch"/> is the flusher's
    /// buffer, shared by every sink so that a call holds only its ring.
    /// </summary>
    public void Drain(short[] scratch)
    {
        int taken;
        lock (_gate)
        {
            taken = Math.Min(_count, scratch.Length - (scratch.Length % Channels));
            if (taken == 0)
            {
                return;
            }

            var first = Math.Min(taken, _ring.Length - _head);
            _ring.AsSpan(_head, first).CopyTo(scratch);
            _ring.AsSpan(0, taken - first).CopyTo(scratch.AsSpan(first));
            _head = (_head + taken) % _ring.Length;
            _count -= taken;
        }

        // Frame-sized appends keep the writer's own conversion buffer at one frame per call.
        var chunk = TelephonyAudio.FrameSamples * Channels;
        for (var offset = 0; offset < taken; offset += chunk)
        {
            _writer.Append(scratch.AsSpan(offset, Math.Min(chunk, taken - offset)));
        }

        // Sizes rewritten once per drain: a crash leaves a file playable up to the last drain.
        _writer.UpdateHeader();
    }

    /// <summary>Stops accepting frames; the next <see cref="Drain"/> and <see cref="Dispose"/> finish the file.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }

    public void Dispose()
    {
        Close();
        Drain(new short[_ring.Length]);
        _writer.Dispose();
    }
}
