namespace IvrService.Media.Sdp;

/// <summary>The media direction attributes of RFC 8866 §6.7; a stream without one is <see cref="SendRecv"/>.</summary>
public enum SdpDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}
