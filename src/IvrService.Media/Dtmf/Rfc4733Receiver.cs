using IvrService.Media.Dtmf.Internal;

namespace IvrService.Media.Dtmf;

/// <summary>
/// Turns the telephone-event packets of one RTP stream into key presses, each reported once with
/// its duration: on the first end packet, or, when every end packet was lost, when the next event
/// begins or when <see cref="Poll"/> finds the event silent for longer than the timeout.
/// The repeated end packets and retransmissions (same RTP timestamp) are ignored, as are events
/// other than the sixteen keys (16 flash and beyond). No allocation per packet.
/// </summary>
public sealed class Rfc4733Receiver
{
    /// <summary>
    /// How long an unfinished event may go without a packet before <see cref="Poll"/> ends it. Ten update
    /// intervals: long enough that a busy machine delaying the receive path does not end a key early.
    /// </summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMilliseconds(500);

    private readonly Action<char, TimeSpan> _onDigit;
    private readonly Action<char>? _onKeyDown;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;
    private readonly int _clockRate;

    private bool _hasEvent;
    private uint _eventTimestamp;
    private char _eventDigit;
    private ushort _eventDuration;
    private bool _eventDone;
    private long _lastPacketAt;

    /// <param name="onDigit">Called once per key press with the key and how long it was held.</param>
    /// <param name="timeProvider">Clock for the lost-end timeout; the system clock when null.</param>
    /// <param name="timeout">Silence after which an unfinished event is reported; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="clockRate">The telephone-event clock rate from the SDP rtpmap (8000 for G.711 calls).</param>
    /// <param name="onKeyDown">Called as soon as a new key's first packet arrives (for barge-in); the key is still reported once by <paramref name="onDigit"/>.</param>
    public Rfc4733Receiver(Action<char, TimeSpan> onDigit, TimeProvider? timeProvider = null, TimeSpan? timeout = null, int clockRate = 8000, Action<char>? onKeyDown = null)
    {
        ArgumentNullException.ThrowIfNull(onDigit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        _onDigit = onDigit;
        _onKeyDown = onKeyDown;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _timeout = timeout ?? DefaultTimeout;
        _clockRate = clockRate;
    }

    /// <summary>Feeds one packet of the negotiated telephone-event payload type.</summary>
    /// <param name="rtpTimestamp">The packet's RTP timestamp: the event's start, the same for all its packets.</param>
    /// <param name="marker">The RTP marker bit, set on the first packet of an event.</param>
    /// <param name="sequenceNumber">The RTP sequence number (kept for the caller's symmetry with audio; the timestamp identifies the event).</param>
    /// <param name="payload">The RTP payload (the 4-byte event).</param>
    public void Process(uint rtpTimestamp, bool marker, ushort sequenceNumber, ReadOnlySpan<byte> payload)
    {
        _ = sequenceNumber;
        if (!TelephoneEvent.TryParse(payload, out var ev))
        {
            return;
        }

        if (_hasEvent && rtpTimestamp == _eventTimestamp)
        {
            ContinueEvent(ev);
            return;
        }

        // A packet of an event older than the current one arrived late (serial-number comparison
        // copes with timestamp wrap). The marker bit alone never makes an old event new.
        if (_hasEvent && (int)(rtpTimestamp - _eventTimestamp) < 0 && !marker)
        {
            return;
        }

        if (_hasEvent && !_eventDone)
        {
            Report();
        }

        _hasEvent = true;
        _eventTimestamp = rtpTimestamp;
        _eventDigit = DtmfKeys.FromEventCode(ev.Event);
        _eventDuration = ev.Duration;
        _eventDone = _eventDigit == '\0';
        _lastPacketAt = _timeProvider.GetTimestamp();
        if (!_eventDone)
        {
            _onKeyDown?.Invoke(_eventDigit);
        }

        if (ev.End && !_eventDone)
        {
            Report();
        }
    }

    /// <summary>
    /// Reports an event whose end packets never came once it has been silent for the timeout.
    /// Call it from the pacing loop (every tick is fine; it does nothing most of the time).
    /// </summary>
    public void Poll()
    {
        if (_hasEvent && !_eventDone && _timeProvider.GetElapsedTime(_lastPacketAt) >= _timeout)
        {
            Report();
        }
    }

    /// <summary>Forgets the current event, e.g. when the remote's SSRC changes.</summary>
    public void Reset()
    {
        _hasEvent = false;
        _eventDone = false;
    }

    private void ContinueEvent(TelephoneEvent ev)
    {
        if (_eventDone)
        {
            return;
        }

        _lastPacketAt = _timeProvider.GetTimestamp();
        if (ev.Duration > _eventDuration)
        {
            _eventDuration = ev.Duration;
        }

        if (ev.End)
        {
            Report();
        }
    }

    private void Report()
    {
        _eventDone = true;
        _onDigit(_eventDigit, TimeSpan.FromSeconds((double)_eventDuration / _clockRate));
    }
}
