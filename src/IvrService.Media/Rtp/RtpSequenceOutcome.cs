namespace IvrService.Media.Rtp;

/// <summary>What the receive statistics made of a packet's sequence number (RFC 3550 appendix A.1).</summary>
public enum RtpSequenceOutcome
{
    /// <summary>Counted: in order, a small gap, a duplicate or a late packet.</summary>
    Accepted,

    /// <summary>A new source (or SSRC) not yet confirmed by enough sequential packets; not counted.</summary>
    Probation,

    /// <summary>A large jump confirmed by the next packet: counting restarted from this packet.</summary>
    Resynchronized,

    /// <summary>A large jump not (yet) confirmed: not counted.</summary>
    Discarded,
}
