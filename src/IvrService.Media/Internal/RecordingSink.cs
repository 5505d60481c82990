using IvrService.Media.Audio;

namespace IvrService.Media.Internal;

/// <summary>
/// A WAV file fed from the clock thread without touching the disk there: frames go into a preallocated ring,
/// and the <see cref="RecordingFlusher"/> drains the ring into the writer a few times a second, straight from
/// the ring (the clock thread only ever writes into the free part, and the drained part is released after the
/// write). The writer rewrites its header as it goes, so a crash leaves a playable file up to the last drain.
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

    /// <summary>Writes what the ring holds to the file (flusher thread; one drain at a time, under the flusher's lock on the sink).</summary>
    public void Drain()
    {
        int head;
        int taken;
        lock (_gate)
        {
            head = _head;
            taken = _count;
        }

        if (taken == 0)
        {
            return;
        }

        // Append only writes past _head + _count, so [head, head + taken) stays put until released below.
        var first = Math.Min(taken, _ring.Length - head);
        AppendInFrames(_ring.AsSpan(head, first));
        AppendInFrames(_ring.AsSpan(0, taken - first));

        // Sizes rewritten once per drain: a crash leaves a file playable up to the last drain.
        _writer.UpdateHeader();
        lock (_gate)
        {
            _head = (head + taken) % _ring.Length;
            _count -= taken;
        }
    }

    /// <summary>Frame-sized appends keep the writer's own conversion buffer at one frame per call.</summary>
    private void AppendInFrames(ReadOnlySpan<short> samples)
    {
        var chunk = TelephonyAudio.FrameSamples * Channels;
        for (var offset = 0; offset < samples.Length; offset += chunk)
        {
            _writer.Append(samples.Slice(offset, Math.Min(chunk, samples.Length - offset)));
        }
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
        Drain();
        _writer.Dispose();
    }
}
