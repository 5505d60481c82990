using IvrService.Media.Audio;

namespace IvrService.Media.Internal;

/// <summary>
/// Decoded caller audio between the receive path and the clock: a few 20 ms frames deep, so recordings line
/// the caller up against what we played. Frames that arrive faster than the clock are dropped oldest first.
/// A backlog left by a burst (a late run of packets, a stalled clock loop) would otherwise stay as delay for
/// the rest of the call; once more than <see cref="StandingFrames"/> frames have waited for a whole second,
/// one frame is dropped, and again each second until the queue is back to a frame or two.
/// </summary>
internal sealed class CallerAudioQueue
{
    private const int Depth = 8;
    private const int StandingFrames = 2;
    private const int StandingReads = 50;

    private readonly short[] _samples = new short[Depth * TelephonyAudio.FrameSamples];
    private readonly Lock _gate = new();
    private int _head;
    private int _count;
    private int _standing;

    /// <summary>Adds decoded samples of any packet size (receive path).</summary>
    public void Write(ReadOnlySpan<short> samples)
    {
        lock (_gate)
        {
            foreach (var sample in samples)
            {
                if (_count == _samples.Length)
                {
                    _head = (_head + TelephonyAudio.FrameSamples) % _samples.Length;
                    _count -= TelephonyAudio.FrameSamples;
                }

                _samples[(_head + _count) % _samples.Length] = sample;
                _count++;
            }

        }
    }

    /// <summary>
    /// Takes one frame into <paramref name="frame"/> and returns true; silence and false when nothing arrived in
    /// time (clock thread).
    /// </summary>
    public bool Read(Span<short> frame)
    {
        lock (_gate)
        {
            if (_count < TelephonyAudio.FrameSamples)
            {
                frame.Clear();
                return false;
            }

            var first = Math.Min(TelephonyAudio.FrameSamples, _samples.Length - _head);
            _samples.AsSpan(_head, first).CopyTo(frame);
            _samples.AsSpan(0, TelephonyAudio.FrameSamples - first).CopyTo(frame[first..]);
            _head = (_head + TelephonyAudio.FrameSamples) % _samples.Length;
            _count -= TelephonyAudio.FrameSamples;
            _standing = _count > StandingFrames * TelephonyAudio.FrameSamples ? _standing + 1 : 0;
            if (_standing >= StandingReads)
            {
                _head = (_head + TelephonyAudio.FrameSamples) % _samples.Length;
                _count -= TelephonyAudio.FrameSamples;
                _standing = 0;
            }

            return true;
        }
    }

    /// <summary>Drops everything queued.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _head = 0;
            _count = 0;
            _standing = 0;
        }
    }
}
