namespace IvrService.Media.Dtmf;

/// <summary>How a digit reached us; kept on every digit so DTMF trouble can be seen per trunk.</summary>
public enum DtmfMethod
{
    /// <summary>RTP telephone-event packets (RFC 4733).</summary>
    Rfc4733,

    /// <summary>A SIP INFO request with an application/dtmf-relay or application/dtmf body.</summary>
    SipInfo,

    /// <summary>Tones in the call's audio, found by the Goertzel detector.</summary>
    InBand,
}
