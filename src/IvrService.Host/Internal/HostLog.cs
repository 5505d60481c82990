namespace IvrService.Host.Internal;

/// <summary>Log event ids of the host: 9000–9999.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 9000, Level = LogLevel.Error, Message = "Could not write the call record of {CallId}")]
    public static partial void CallRecordFailed(ILogger logger, string callId, Exception exception);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Closed {Count} call records left open by an earlier run of this instance")]
    public static partial void InterruptedCallsClosed(ILogger logger, int count);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Stopping: refusing new calls, {Count} in progress get {GraceSeconds} s to finish")]
    public static partial void Draining(ILogger logger, int count, int graceSeconds);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "Refused call {CallId}: {Reason}")]
    public static partial void NoMediaPort(ILogger logger, string callId, string reason);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Error, Message = "Could not record call {CallId}")]
    public static partial void RecordingFailed(ILogger logger, string callId, Exception exception);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Error, Message = "Could not load prompt {Path}")]
    public static partial void PromptFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 9006, Level = LogLevel.Information, Message = "Call {CallId}: key {Digit} by {Method}")]
    public static partial void DigitReceived(ILogger logger, string callId, char digit, IvrService.Media.Dtmf.DtmfMethod method);

    [LoggerMessage(EventId = 9007, Level = LogLevel.Information, Message = "Registered with trunk {Trunk} until {ExpiresAt}")]
    public static partial void TrunkRegistered(ILogger logger, string trunk, DateTimeOffset? expiresAt);
}
