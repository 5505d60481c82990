namespace IvrService.Media;

/// <summary>What a session sent and received, with the RTCP-style loss and jitter of the incoming stream.</summary>
public sealed record MediaSessionStatistics(
    long PacketsSent,
    long PacketsReceived,
    long PacketsLost,
    double JitterMilliseconds,
    long DigitsReceived,
    double? RemoteReportedLossFraction,
    double? RemoteReportedJitterMilliseconds);
