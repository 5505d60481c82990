namespace IvrService.Media.Rtp;

/// <summary>
/// What an SR needs about our own sending (RFC 3550 section 6.4.1): packet and payload octet counts,
/// and the RTP timestamp that corresponds to the SR's wall-clock time. Not thread-safe: the sending
/// loop owns it. <see cref="OnSent"/> does not allocate.
/// </summary>
public sealed class RtpSendStatistics
{
    private readonly TimeProvider _timeProvider;
    private readonly int _clockRate;
    private uint _lastRtpTimestamp;
    private long _lastSentAt;

    public RtpSendStatistics(TimeProvider timeProvider, int clockRate = 8000)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        _timeProvider = timeProvider;
        _clockRate = clockRate;
    }

    public uint PacketCount { get; private set; }

    public uint OctetCount { get; private set; }

    /// <summary>True once a packet was sent: only then should reports be SRs rather than RRs.</summary>
    public bool HasSent => PacketCount > 0;

    /// <summary>Records a packet sent now with this RTP timestamp and payload size.</summary>
    public void OnSent(uint rtpTimestamp, int payloadLength)
    {
        _lastRtpTimestamp = rtpTimestamp;
        _lastSentAt = _timeProvider.GetTimestamp();
        unchecked
        {
            PacketCount++;
            OctetCount += (uint)payloadLength;
        }
    }

    /// <summary>Sender info for an SR now: wall clock from the TimeProvider, RTP clock extrapolated from the last packet.</summary>
    public RtcpSenderInfo CreateSenderInfo()
    {
        var ntp = NtpTimestamp.FromDateTimeOffset(_timeProvider.GetUtcNow());
        var units = 0;
        if (HasSent)
        {
            var elapsed = _timeProvider.GetElapsedTime(_lastSentAt);
            units = (int)Math.Min(int.MaxValue, elapsed.Ticks * _clockRate / TimeSpan.TicksPerSecond);
        }

        return new RtcpSenderInfo(ntp, RtpTimestamp.Add(_lastRtpTimestamp, units), PacketCount, OctetCount);
    }
}
