using System.Threading.Channels;

namespace IvrService.Media.Dtmf;

/// <summary>
/// One per call: takes the key presses of all three methods and hands out each press once, on
/// <see cref="Digits"/>, tagged with how it arrived.
/// <para>
/// A press seen two ways (a gateway sending RFC 4733 events and leaving the tones in the audio,
/// or INFO besides) counts once: reports of the same key by different methods whose tones
/// overlap or lie within the duplicate window are one press, and the first report stands. Once a
/// call has shown RFC 4733 or INFO, in-band reports wait for the hold-back before they count, so
/// the out-of-band report of the same press (which is exact) wins over the audio and the tone
/// never doubles it; an in-band press with no out-of-band twin is released by <see cref="Tick"/>.
/// </para>
/// Reports may come from different threads (RTP, SIP); time comes from the injected clock.
/// </summary>
public sealed class DtmfCollector
{
    /// <summary>Largest gap between two reports of the same press by different methods.</summary>
    public static readonly TimeSpan DefaultDuplicateWindow = TimeSpan.FromMilliseconds(150);

    /// <summary>How long an in-band press waits for its out-of-band twin once the call uses RFC 4733 or INFO.</summary>
    public static readonly TimeSpan DefaultInBandHoldBack = TimeSpan.FromMilliseconds(300);

    private const int RecentCapacity = 8;
    private const int PendingCapacity = 8;

    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _duplicateWindow;
    private readonly TimeSpan _inBandHoldBack;
    private readonly Channel<DtmfDigit> _digits = Channel.CreateUnbounded<DtmfDigit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _lock = new();
    private readonly Press[] _recent = new Press[RecentCapacity];
    private readonly Press[] _pending = new Press[PendingCapacity];
    private int _recentNext;
    private int _pendingCount;
    private bool _outOfBandSeen;

    /// <param name="timeProvider">The clock that stamps digits and drives the hold-back.</param>
    /// <param name="duplicateWindow"><see cref="DefaultDuplicateWindow"/> when null.</param>
    /// <param name="inBandHoldBack"><see cref="DefaultInBandHoldBack"/> when null.</param>
    public DtmfCollector(TimeProvider timeProvider, TimeSpan? duplicateWindow = null, TimeSpan? inBandHoldBack = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _duplicateWindow = duplicateWindow ?? DefaultDuplicateWindow;
        _inBandHoldBack = inBandHoldBack ?? DefaultInBandHoldBack;
    }

    /// <summary>The call's key presses, each once, in the order they were decided.</summary>
    public ChannelReader<DtmfDigit> Digits => _digits.Reader;

    /// <summary>A key press from the call's RTP telephone events (e.g. wired to <see cref="Rfc4733Receiver"/>).</summary>
    public void OnRfc4733(char digit, TimeSpan duration) => Report(digit, duration, DtmfMethod.Rfc4733);

    /// <summary>A key press from a SIP INFO body (read with <see cref="SipInfoDtmf"/>).</summary>
    public void OnSipInfo(char digit, TimeSpan duration) => Report(digit, duration, DtmfMethod.SipInfo);

    /// <summary>A key press found in the call's audio (e.g. wired to <see cref="InBandDtmfDetector"/>).</summary>
    public void OnInBand(char digit, TimeSpan duration) => Report(digit, duration, DtmfMethod.InBand);

    /// <summary>Releases in-band presses whose hold-back has passed; call it from the call's pacing tick.</summary>
    public void Tick()
    {
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            var i = 0;
            while (i < _pendingCount)
            {
                if (now - _pending[i].End >= _inBandHoldBack)
                {
                    var press = _pending[i];
                    RemovePending(i);
                    Emit(press);
                }
                else
                {
                    i++;
                }
            }
        }
    }

    /// <summary>Releases what is held back and ends <see cref="Digits"/> (the call is over).</summary>
    public void Complete()
    {
        lock (_lock)
        {
            for (var i = 0; i < _pendingCount; i++)
            {
                Emit(_pending[i]);
            }

            _pendingCount = 0;
            _digits.Writer.TryComplete();
        }
    }

    private void Report(char digit, TimeSpan duration, DtmfMethod method)
    {
        if (!DtmfDigit.IsValid(digit))
        {
            return;
        }

        var now = _timeProvider.GetUtcNow();
        var press = new Press(digit, method, duration < TimeSpan.Zero ? TimeSpan.Zero : duration, now, Mark(method));
        lock (_lock)
        {
            if (method != DtmfMethod.InBand)
            {
                _outOfBandSeen = true;
                var twin = FindTwin(_pending.AsSpan(0, _pendingCount), press);
                if (twin >= 0)
                {
                    // The held-back tone was this press: the out-of-band report stands for both.
                    RemovePending(twin);
                    press = press with { Matched = press.Matched | Mark(DtmfMethod.InBand) };
                }
            }

            var earlier = FindTwin(_recent, press);
            if (earlier >= 0)
            {
                _recent[earlier] = _recent[earlier] with { Matched = _recent[earlier].Matched | press.Matched };
                return;
            }

            if (method == DtmfMethod.InBand && _outOfBandSeen && _pendingCount < PendingCapacity)
            {
                _pending[_pendingCount++] = press;
                return;
            }

            Emit(press);
        }
    }

    /// <summary>The report of the same press by another method not yet matched by this one; -1 when none.</summary>
    private int FindTwin(ReadOnlySpan<Press> presses, Press press)
    {
        var best = -1;
        var bestGap = TimeSpan.MaxValue;
        var start = press.End - press.Duration;
        for (var i = 0; i < presses.Length; i++)
        {
            var other = presses[i];
            if (other.Digit != press.Digit || (other.Matched & press.Matched) != 0)
            {
                continue;
            }

            var otherStart = other.End - other.Duration;
            if (start > other.End + _duplicateWindow || otherStart > press.End + _duplicateWindow)
            {
                continue;
            }

            var gap = (other.End - press.End).Duration();
            if (gap < bestGap)
            {
                best = i;
                bestGap = gap;
            }
        }

        return best;
    }

    private void Emit(Press press)
    {
        _recent[_recentNext] = press;
        _recentNext = (_recentNext + 1) % RecentCapacity;
        _digits.Writer.TryWrite(new DtmfDigit(press.Digit, press.Method, press.Duration, press.End));
    }

    private void RemovePending(int index)
    {
        _pendingCount--;
        Array.Copy(_pending, index + 1, _pending, index, _pendingCount - index);
        _pending[_pendingCount] = default;
    }

    private static int Mark(DtmfMethod method) => 1 << (int)method;

    /// <summary>A reported press: its key ended at <c>End</c> after <c>Duration</c>; <c>Matched</c> holds the methods already counted for it.</summary>
    private readonly record struct Press(char Digit, DtmfMethod Method, TimeSpan Duration, DateTimeOffset End, int Matched);
}
