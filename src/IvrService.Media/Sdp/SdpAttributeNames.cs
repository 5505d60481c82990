namespace IvrService.Media.Sdp;

/// <summary>Attribute names this project reads or writes.</summary>
public static class SdpAttributeNames
{
    public const string RtpMap = "rtpmap";
    public const string Fmtp = "fmtp";
    public const string Ptime = "ptime";
    public const string MaxPtime = "maxptime";
    public const string Rtcp = "rtcp";
    public const string RtcpMux = "rtcp-mux";
    public const string SendRecv = "sendrecv";
    public const string SendOnly = "sendonly";
    public const string RecvOnly = "recvonly";
    public const string Inactive = "inactive";
}
