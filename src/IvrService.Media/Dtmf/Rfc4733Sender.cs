using IvrService.Media.Dtmf.Internal;

namespace IvrService.Media.Dtmf;

/// <summary>
/// The packets that send one key press as RFC 4733 events, for a pacing loop: every tick (one
/// packet interval, 20 ms by default) ask <see cref="TryNext"/> for the payload to send, if any.
/// The first packet carries the marker bit, updates follow every update interval (50 ms by
/// default), every packet carries the event's start timestamp, and the end goes out three times.
/// No allocation once constructed.
/// </summary>
public sealed class Rfc4733Sender
{
    /// <summary>How many times the end packet is sent (RFC 4733 section 2.5.1.4).</summary>
    public const int EndPacketCount = 3;

    private readonly int _tickUnits;
    private readonly int _updateUnits;
    private readonly int _clockRate;

    private byte _event;
    private byte _volume;
    private int _totalUnits;
    private int _elapsedUnits;
    private int _nextUpdateUnits;
    private int _endsSent;
    private bool _started;

    /// <param name="clockRate">The telephone-event clock rate (8000 on G.711 calls).</param>
    /// <param name="tickInterval">How often <see cref="TryNext"/> is called; 20 ms when null.</param>
    /// <param name="updateInterval">How often an update is sent while the key is held; 50 ms when null.</param>
    public Rfc4733Sender(int clockRate = 8000, TimeSpan? tickInterval = null, TimeSpan? updateInterval = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        _clockRate = clockRate;
        _tickUnits = ToUnits(tickInterval ?? TimeSpan.FromMilliseconds(20));
        _updateUnits = ToUnits(updateInterval ?? TimeSpan.FromMilliseconds(50));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_tickUnits, nameof(tickInterval));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_updateUnits, nameof(updateInterval));
    }

    /// <summary>True from <see cref="Start"/> until the last end packet has been handed out.</summary>
    public bool IsSending { get; private set; }

    /// <summary>The RTP timestamp every packet of the current event carries.</summary>
    public uint Timestamp { get; private set; }

    /// <summary>Begins a key press. The event timestamp is the RTP timestamp its audio would have started at.</summary>
    /// <param name="digit">0-9, *, #, A-D.</param>
    /// <param name="duration">How long to hold the key (at least one tick; at most about 8 s at 8 kHz).</param>
    /// <param name="rtpTimestamp">The event's RTP timestamp.</param>
    /// <param name="volume">Power level as 0 to 63 meaning 0 to -63 dBm0; 10 when not given.</param>
    public void Start(char digit, TimeSpan duration, uint rtpTimestamp, byte volume = 10)
    {
        var code = DtmfKeys.ToEventCode(digit);
        if (code < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(digit), digit, "Not a DTMF key (0-9, *, #, A-D).");
        }

        var units = ToUnits(duration);
        if (units < _tickUnits || units > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "The duration must be one tick or more and fit the 16-bit duration field.");
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(volume, (byte)63);
        _event = (byte)code;
        _volume = volume;
        _totalUnits = units;
        _elapsedUnits = 0;
        _nextUpdateUnits = 0;
        _endsSent = 0;
        _started = false;
        Timestamp = rtpTimestamp;
        IsSending = true;
    }

    /// <summary>
    /// Called once per tick: writes this tick's payload (4 bytes) and returns true, or returns
    /// false when nothing is due this tick or the event is over.
    /// </summary>
    public bool TryNext(Span<byte> payload, out int written, out bool marker)
    {
        written = 0;
        marker = false;
        if (!IsSending)
        {
            return false;
        }

        if (!_started)
        {
            // The first packet covers the first tick of the tone.
            _started = true;
            _elapsedUnits = Math.Min(_tickUnits, _totalUnits);
            _nextUpdateUnits = _updateUnits;
            marker = true;
            written = Write(payload, end: false, _elapsedUnits);
            return true;
        }

        if (_elapsedUnits < _totalUnits)
        {
            _elapsedUnits = Math.Min(_elapsedUnits + _tickUnits, _totalUnits);
            if (_elapsedUnits < _totalUnits)
            {
                if (_elapsedUnits < _nextUpdateUnits)
                {
                    return false;
                }

                _nextUpdateUnits += _updateUnits;
                written = Write(payload, end: false, _elapsedUnits);
                return true;
            }
        }

        written = Write(payload, end: true, _totalUnits);
        if (++_endsSent == EndPacketCount)
        {
            IsSending = false;
        }

        return true;
    }

    /// <summary>Abandons the current event (e.g. the call ended); nothing more is sent.</summary>
    public void Cancel() => IsSending = false;

    private int Write(Span<byte> payload, bool end, int units) =>
        new TelephoneEvent(_event, end, _volume, (ushort)units).Write(payload);

    private int ToUnits(TimeSpan interval) => (int)Math.Round(interval.TotalSeconds * _clockRate);
}
