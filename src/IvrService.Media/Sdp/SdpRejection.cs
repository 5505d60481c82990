namespace IvrService.Media.Sdp;

/// <summary>Why an offer could not be answered; a SIP user agent turns it into the warn-code of its 488 (RFC 3261 §20.43).</summary>
public enum SdpRejection
{
    /// <summary>No usable audio stream at all (only video, T.38, or every stream already refused): warn-code 304.</summary>
    NoAudioStream,

    /// <summary>Audio over RTP, but with neither PCMU nor PCMA among its formats: warn-code 305.</summary>
    NoCommonCodec,

    /// <summary>Audio offered only over a profile we do not carry (RTP/SAVP, RTP/SAVPF, UDP/TLS/RTP/SAVPF): warn-code 302.</summary>
    IncompatibleTransport,

    /// <summary>The audio stream has no c= line at either level: warn-code 399.</summary>
    NoConnectionAddress,
}
