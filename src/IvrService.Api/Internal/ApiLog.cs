using Microsoft.Extensions.Logging;

namespace IvrService.Api.Internal;

internal static partial class ApiLog
{
    [LoggerMessage(EventId = ApiEventIds.RequestUnauthenticated, Level = LogLevel.Information,
        Message = "Refused {Method} from {Peer}: {Reason}")]
    public static partial void RequestUnauthenticated(ILogger logger, string method, string peer, string reason);

    [LoggerMessage(EventId = ApiEventIds.RequestPermissionDenied, Level = LogLevel.Information,
        Message = "Refused {Method} to key {KeyName}: scope {Scope} does not allow it")]
    public static partial void RequestPermissionDenied(ILogger logger, string method, string keyName, ApiScope scope);

    [LoggerMessage(EventId = ApiEventIds.RecordingMissing, Level = LogLevel.Warning,
        Message = "The recording {Path} of call {CallRecordId} is missing")]
    public static partial void RecordingMissing(ILogger logger, string path, long callRecordId);

    [LoggerMessage(EventId = ApiEventIds.RecordingUnreadable, Level = LogLevel.Warning,
        Message = "The recording {Path} of call {CallRecordId} could not be described: {Reason}")]
    public static partial void RecordingUnreadable(ILogger logger, string path, long callRecordId, string reason);

    [LoggerMessage(EventId = ApiEventIds.FlowPublished, Level = LogLevel.Information,
        Message = "{Kind} {FlowId} version {Version} published and made current by key {KeyName}")]
    public static partial void FlowPublished(ILogger logger, string kind, string flowId, int version, string keyName);

    [LoggerMessage(EventId = ApiEventIds.FlowRolledBack, Level = LogLevel.Information,
        Message = "{Kind} {FlowId} rolled back to version {Version} (was {PreviousVersion}) by key {KeyName}")]
    public static partial void FlowRolledBack(ILogger logger, string kind, string flowId, int version, int previousVersion, string keyName);

    [LoggerMessage(EventId = ApiEventIds.TestCallPlaced, Level = LogLevel.Information,
        Message = "Test survey call {HappyCallId} ({ServiceId}) to {Phone} with survey {SurveyId} placed by key {KeyName}")]
    public static partial void TestCallPlaced(ILogger logger, long happyCallId, string serviceId, string phone, string surveyId, string keyName);

    [LoggerMessage(EventId = ApiEventIds.ServiceRequestUpserted, Level = LogLevel.Debug,
        Message = "Service request {Number} {Change} by key {KeyName}")]
    public static partial void ServiceRequestUpserted(ILogger logger, string number, string change, string keyName);

    [LoggerMessage(EventId = ApiEventIds.CustomerUpserted, Level = LogLevel.Debug,
        Message = "Customer {CustomerId} {Change} by key {KeyName}")]
    public static partial void CustomerUpserted(ILogger logger, string customerId, string change, string keyName);

    [LoggerMessage(EventId = ApiEventIds.PromptUploaded, Level = LogLevel.Information,
        Message = "Prompt {Language}/{Key} recorded from an upload of {Bytes} bytes by key {KeyName}")]
    public static partial void PromptUploaded(ILogger logger, string language, string key, long bytes, string keyName);

    [LoggerMessage(EventId = ApiEventIds.PromptsRendered, Level = LogLevel.Information,
        Message = "Prompts of {Language} rendered for key {KeyName}: {Rendered} rendered, {Failed} failed")]
    public static partial void PromptsRendered(ILogger logger, string language, int rendered, int failed, string keyName);

    [LoggerMessage(EventId = ApiEventIds.DoNotCallChanged, Level = LogLevel.Information,
        Message = "Do-not-call: {Phone} {Change} by key {KeyName}")]
    public static partial void DoNotCallChanged(ILogger logger, string phone, string change, string keyName);

    [LoggerMessage(EventId = ApiEventIds.ApiKeyCreated, Level = LogLevel.Information,
        Message = "API key {Name} with scope {Scope} created by key {KeyName}")]
    public static partial void ApiKeyCreated(ILogger logger, string name, ApiScope scope, string keyName);

    [LoggerMessage(EventId = ApiEventIds.ApiKeyRevoked, Level = LogLevel.Information,
        Message = "API key {Name} revoked by key {KeyName}")]
    public static partial void ApiKeyRevoked(ILogger logger, string name, string keyName);

    [LoggerMessage(EventId = ApiEventIds.ServiceCompletedReported, Level = LogLevel.Information,
        Message = "Service {ServiceId} reported completed: happy call {HappyCallId} {Change}, by key {KeyName}")]
    public static partial void ServiceCompletedReported(ILogger logger, string serviceId, long happyCallId, string change, string keyName);

    [LoggerMessage(EventId = ApiEventIds.HappyCallCancelRequested, Level = LogLevel.Information,
        Message = "Cancellation of happy call {HappyCallId} (service {ServiceId}) asked by key {KeyName}: now {State}")]
    public static partial void HappyCallCancelRequested(ILogger logger, long happyCallId, string serviceId, V1.HappyCallState state, string keyName);

    [LoggerMessage(EventId = ApiEventIds.SurveyStreamStarted, Level = LogLevel.Debug,
        Message = "Survey results stream to {Peer} starts after change {Position}")]
    public static partial void SurveyStreamStarted(ILogger logger, string peer, long position);
}
