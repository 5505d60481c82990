using IvrService.Media.Rtp.Internal;

namespace IvrService.Media.Rtp;

/// <summary>
/// Reception statistics for the one remote source of a call (RFC 3550 section 6.4 and appendices A.1,
/// A.3, A.8): expected, received and lost packets, fraction lost per report interval, interarrival jitter,
/// and the peer's last SR for LSR/DLSR. A new SSRC resets everything. Not thread-safe: one receive loop
/// owns it. <see cref="Update(in RtpHeader, long)"/> does not allocate.
/// </summary>
public sealed class RtpReceiveStatistics
{
    private readonly RtpSequenceTracker _sequence = new();
    private readonly TimeProvider _timeProvider;
    private readonly int _clockRate;
    private uint _lastTransit;
    private bool _hasTransit;
    private double _jitter;
    private uint _lastSenderReport;
    private uint _senderReportSsrc;
    private long _lastSenderReportArrival;

    public RtpReceiveStatistics(TimeProvider timeProvider, int clockRate = 8000)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        _timeProvider = timeProvider;
        _clockRate = clockRate;
    }

    /// <summary>The source being tracked; meaningful once <see cref="HasSource"/> is true.</summary>
    public uint Ssrc { get; private set; }

    public bool HasSource { get; private set; }

    /// <summary>How many times the remote SSRC changed mid-stream (each change reset the statistics).</summary>
    public int SourceChanges { get; private set; }

    public uint ExtendedHighestSequence => _sequence.ExtendedHighest;

    public long Expected => _sequence.Expected;

    public long Received => _sequence.Received;

    /// <summary>Expected minus received; negative when duplicates arrived (RFC 3550 section 6.4.1).</summary>
    public long CumulativeLost => Expected - Received;

    /// <summary>Interarrival jitter in timestamp units, as an RR reports it.</summary>
    public uint Jitter => (uint)_jitter;

    /// <summary>Records a received packet, with its arrival time from <see cref="TimeProvider.GetTimestamp"/>.</summary>
    public RtpSequenceOutcome Update(in RtpHeader header, long arrivalTimestamp)
    {
        if (!HasSource || header.Ssrc != Ssrc)
        {
            if (HasSource)
            {
                SourceChanges++;
            }

            ResetSource(header.Ssrc);
        }

        var outcome = _sequence.Update(header.SequenceNumber);
        if (outcome == RtpSequenceOutcome.Resynchronized)
        {
            _hasTransit = false;
        }

        if (outcome is RtpSequenceOutcome.Accepted or RtpSequenceOutcome.Resynchronized)
        {
            UpdateJitter(header.Timestamp, arrivalTimestamp);
        }

        return outcome;
    }

    /// <summary>Records a received packet arriving now.</summary>
    public RtpSequenceOutcome Update(in RtpHeader header) => Update(header, _timeProvider.GetTimestamp());

    /// <summary>
    /// Remembers the peer's SR so the next report block carries LSR and DLSR. An SR may arrive before
    /// the first RTP packet; it counts once RTP from the same SSRC follows.
    /// </summary>
    public void OnSenderReport(uint ssrc, ulong ntpTimestamp, long arrivalTimestamp)
    {
        _senderReportSsrc = ssrc;
        _lastSenderReport = NtpTimestamp.Middle32(ntpTimestamp);
        _lastSenderReportArrival = arrivalTimestamp;
    }

    /// <summary>
    /// The report block about this source for the next SR/RR. Closes the report interval: the fraction
    /// lost covers the packets since the previous call (RFC 3550 appendix A.3).
    /// </summary>
    public RtcpReportBlock CreateReportBlock(long nowTimestamp)
    {
        var expected = Expected;
        var received = Received;
        var expectedInterval = expected - _sequence.ExpectedPrior;
        var receivedInterval = received - _sequence.ReceivedPrior;
        var lostInterval = expectedInterval - receivedInterval;
        _sequence.ExpectedPrior = expected;
        _sequence.ReceivedPrior = received;
        var fraction = expectedInterval == 0 || lostInterval <= 0
            ? (byte)0
            : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);

        var hasSenderReport = _lastSenderReport != 0 && _senderReportSsrc == Ssrc;
        var delay = !hasSenderReport
            ? 0u
            : NtpTimestamp.ToShortUnits(_timeProvider.GetElapsedTime(_lastSenderReportArrival, nowTimestamp));

        return new RtcpReportBlock(
            Ssrc,
            fraction,
            RtcpReportBlock.ClampCumulativeLost(expected - received),
            ExtendedHighestSequence,
            Jitter,
            hasSenderReport ? _lastSenderReport : 0,
            delay);
    }

    public RtcpReportBlock CreateReportBlock() => CreateReportBlock(_timeProvider.GetTimestamp());

    /// <summary>Forgets the source: the next packet starts probation afresh.</summary>
    public void Reset()
    {
        ResetSource(0);
        HasSource = false;
        SourceChanges = 0;
        _lastSenderReport = 0;
        _senderReportSsrc = 0;
        _lastSenderReportArrival = 0;
    }

    private void ResetSource(uint ssrc)
    {
        Ssrc = ssrc;
        HasSource = true;
        _sequence.Reset();
        _hasTransit = false;
        _jitter = 0;
    }

    private void UpdateJitter(uint rtpTimestamp, long arrivalTimestamp)
    {
        // RFC 3550 A.8: transit = arrival − timestamp, both on the media clock; modular arithmetic
        // keeps the difference right across either clock's wrap.
        var arrival = ToMediaClock(arrivalTimestamp);
        var transit = unchecked(arrival - rtpTimestamp);
        if (_hasTransit)
        {
            var d = Math.Abs((double)unchecked((int)(transit - _lastTransit)));
            _jitter += (d - _jitter) / 16.0;
        }

        _lastTransit = transit;
        _hasTransit = true;
    }

    private uint ToMediaClock(long timestamp)
    {
        var frequency = _timeProvider.TimestampFrequency;
        var units = (timestamp / frequency * _clockRate) + (timestamp % frequency * _clockRate / frequency);
        return unchecked((uint)units);
    }
}
