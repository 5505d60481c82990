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

    [LoggerMessage(EventId = 9009, Level = LogLevel.Information, Message = "Stopped: {Ended} calls were ended with BYE after the grace period, {Left} still had no end record")]
    public static partial void Drained(ILogger logger, int ended, int left);

    [LoggerMessage(EventId = 9100, Level = LogLevel.Information, Message = "Stored menu file of flow {FlowId} as its version 1")]
    public static partial void FlowSeeded(ILogger logger, string flowId);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Inbound calls run flow {FlowId} (current version {Version})")]
    public static partial void InboundMenuReady(ILogger logger, string flowId, int version);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Information, Message = "Call {CallId} runs flow {FlowId} version {Version}")]
    public static partial void FlowStarted(ILogger logger, string callId, string flowId, int version);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Information, Message = "Call {CallId}: flow ended {Result} at {NodeId} in {Language}")]
    public static partial void FlowEnded(ILogger logger, string callId, IvrService.Flows.FlowResult result, string nodeId, string language);

    [LoggerMessage(EventId = 9104, Level = LogLevel.Error, Message = "Call {CallId}: the flow could not run")]
    public static partial void FlowFailed(ILogger logger, string callId, Exception exception);

    [LoggerMessage(EventId = 9105, Level = LogLevel.Information, Message = "Call {CallId}: transfer to {Destination} by {Mode}: {Detail}")]
    public static partial void TransferResult(ILogger logger, string callId, string destination, IvrService.Flows.TransferMode mode, string detail);

    [LoggerMessage(EventId = 9106, Level = LogLevel.Warning, Message = "Prompt cache warm-up: {Failed} prompts could not be made ready (first: {First})")]
    public static partial void PromptWarmFailures(ILogger logger, int failed, string first);

    [LoggerMessage(EventId = 9107, Level = LogLevel.Information, Message = "Call {CallId}: NOTIFY of our REFER reports {Status}")]
    public static partial void ReferProgress(ILogger logger, string callId, int status);

    [LoggerMessage(EventId = 9108, Level = LogLevel.Warning, Message = "Call {CallId}: a request in the dialog got {Status}; the dialog is gone and the call ends (RFC 3261 §12.2.1.2)")]
    public static partial void DialogGone(ILogger logger, string callId, int status);

    [LoggerMessage(EventId = 9120, Level = LogLevel.Information, Message = "Call {CallId}: bridged to {Destination} on leg {LegCallId}")]
    public static partial void BridgeStarted(ILogger logger, string callId, string destination, string legCallId);

    [LoggerMessage(EventId = 9121, Level = LogLevel.Information, Message = "Call {CallId}: bridge to leg {LegCallId} ended by {EndedBy} after {FramesIn} frames in, {FramesOut} frames out")]
    public static partial void BridgeEnded(ILogger logger, string callId, string legCallId, string endedBy, long framesIn, long framesOut);

    [LoggerMessage(EventId = 9130, Level = LogLevel.Information, Message = "Call {CallId}: dialling {Target} through trunk {Trunk} for {Reference}")]
    public static partial void OutboundDialing(ILogger logger, string callId, string reference, string target, string trunk);

    [LoggerMessage(EventId = 9131, Level = LogLevel.Information, Message = "Call {CallId}: not answered, {Outcome} (SIP {SipStatus}): {Detail}")]
    public static partial void OutboundNotAnswered(ILogger logger, string callId, string outcome, int? sipStatus, string detail);

    [LoggerMessage(EventId = 9132, Level = LogLevel.Information, Message = "Call {CallId}: answered for {Reference}, {Outcome} {Detail}")]
    public static partial void OutboundAnswered(ILogger logger, string callId, string reference, string outcome, string detail);

    [LoggerMessage(EventId = 9133, Level = LogLevel.Information, Message = "Call {CallId}: outbound call ended, {Reason}")]
    public static partial void OutboundEnded(ILogger logger, string callId, IvrService.Storage.CallEndReason reason);
}
