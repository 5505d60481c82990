namespace IvrService.Storage;

/// <summary>How a key press reached us: RFC 4733 telephone-event, SIP INFO, or tones in the audio.</summary>
public enum CallDigitMethod
{
    Rfc4733,
    SipInfo,
    InBand,
}

/// <summary>One key the caller pressed during a call.</summary>
public sealed record CallDigit(char Digit, CallDigitMethod Method, TimeSpan Duration, DateTimeOffset ReceivedAt);

/// <summary>How the call's RTP stream fared, from our counters and the peer's RTCP reports.</summary>
public sealed record CallMediaQuality(
    long PacketsSent,
    long PacketsReceived,
    long PacketsLost,
    double JitterMilliseconds,
    double? RemoteLossFraction,
    double? RemoteJitterMilliseconds);
