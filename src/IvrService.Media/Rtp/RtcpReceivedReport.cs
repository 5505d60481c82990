namespace IvrService.Media.Rtp;

/// <summary>
/// What a compound RTCP packet from the peer says: who sent it, its sender info when it is an SR,
/// the report block about our SSRC when there is one, and whether it says goodbye.
/// </summary>
public readonly record struct RtcpReceivedReport(
    uint SenderSsrc,
    RtcpPacketType PacketType,
    bool HasSenderInfo,
    RtcpSenderInfo SenderInfo,
    bool HasReportAboutUs,
    RtcpReportBlock ReportAboutUs,
    bool IsGoodbye);
