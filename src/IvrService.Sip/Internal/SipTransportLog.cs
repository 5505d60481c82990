using System.Net;
using Microsoft.Extensions.Logging;

namespace IvrService.Sip.Internal;

internal static partial class SipTransportLog
{
    [LoggerMessage(EventId = SipEventIds.Unparseable, Level = LogLevel.Debug, Message = "Dropped unparseable message from {Source}: {Error}")]
    public static partial void Unparseable(ILogger logger, SipEndPoint source, string error);

    [LoggerMessage(EventId = SipEventIds.InvalidMessage, Level = LogLevel.Information, Message = "Invalid message from {Source}: {Error}")]
    public static partial void InvalidMessage(ILogger logger, SipEndPoint source, string error);

    [LoggerMessage(EventId = SipEventIds.ParserFailed, Level = LogLevel.Error, Message = "Parser failed on a message from {Source}")]
    public static partial void ParserFailed(ILogger logger, SipEndPoint source, Exception exception);

    [LoggerMessage(EventId = SipEventIds.SendFailed, Level = LogLevel.Warning, Message = "Could not send to {Destination}: {Error}")]
    public static partial void SendFailed(ILogger logger, SipEndPoint destination, string error);

    [LoggerMessage(EventId = SipEventIds.StreamFramingFailed, Level = LogLevel.Information, Message = "Closed TCP connection from {Remote}: {Error}")]
    public static partial void StreamFramingFailed(ILogger logger, IPEndPoint remote, string error);
}
