using Microsoft.Extensions.Logging;

namespace IvrService.Sip.Internal;

internal static partial class SipUserAgentLog
{
    [LoggerMessage(EventId = SipEventIds.HandlerFailed, Level = LogLevel.Error, Message = "Handler for {Method} {CallId} failed")]
    public static partial void HandlerFailed(ILogger logger, string method, string? callId, Exception exception);

    [LoggerMessage(EventId = SipEventIds.RequestRejected, Level = LogLevel.Information, Message = "Rejected {Method} {CallId} from {Source} with {Status}: {Reason}")]
    public static partial void RequestRejected(ILogger logger, string method, string? callId, SipEndPoint? source, int status, string reason);

    [LoggerMessage(EventId = SipEventIds.ScannerDropped, Level = LogLevel.Information, Message = "Dropped scanner request {Method} from {Source} (User-Agent '{UserAgent}')")]
    public static partial void ScannerDropped(ILogger logger, string method, SipEndPoint? source, string? userAgent);

    [LoggerMessage(EventId = SipEventIds.Listening, Level = LogLevel.Information, Message = "SIP listening on UDP {Udp} and TCP {Tcp}")]
    public static partial void Listening(ILogger logger, System.Net.IPEndPoint? udp, System.Net.IPEndPoint? tcp);

    [LoggerMessage(EventId = SipEventIds.TransactionTimeout, Level = LogLevel.Warning, Message = "No ACK for the 2xx of {CallId}; ending the dialog")]
    public static partial void AckTimeout(ILogger logger, string callId);
}
