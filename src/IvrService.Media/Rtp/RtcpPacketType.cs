namespace IvrService.Media.Rtp;

/// <summary>RTCP packet types of RFC 3550 section 12.1.</summary>
public enum RtcpPacketType : byte
{
    SenderReport = 200,
    ReceiverReport = 201,
    SourceDescription = 202,
    Goodbye = 203,
    ApplicationDefined = 204,
}
