using Microsoft.Extensions.Logging;

namespace IvrService.Speech.Internal;

internal static partial class Log
{
    [LoggerMessage(EventId = SpeechEventIds.PromptRendered, Level = LogLevel.Debug,
        Message = "Rendered prompt {Language}/{Key} with {Provider} ({Voice}) in {ElapsedMs} ms: {AudioMs} ms of audio in {Path}")]
    public static partial void PromptRendered(ILogger logger, string language, string key, string provider, string voice, long elapsedMs, long audioMs, string path);

    [LoggerMessage(EventId = SpeechEventIds.PromptRenderFailed, Level = LogLevel.Error,
        Message = "Could not render prompt {Language}/{Key} with {Provider}")]
    public static partial void PromptRenderFailed(ILogger logger, Exception exception, string language, string key, string provider);

    [LoggerMessage(EventId = SpeechEventIds.RecordedPromptUnusable, Level = LogLevel.Warning,
        Message = "Recorded prompt {Path} is not a WAV file ({Reason}); its text is rendered instead")]
    public static partial void RecordedPromptUnusable(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = SpeechEventIds.PromptsWarmed, Level = LogLevel.Information,
        Message = "Prompts ready: {Recorded} recorded, {Cached} already rendered, {Rendered} rendered now, {Failed} failed")]
    public static partial void PromptsWarmed(ILogger logger, int recorded, int cached, int rendered, int failed);

    [LoggerMessage(EventId = SpeechEventIds.AzureRetrying, Level = LogLevel.Warning,
        Message = "Azure Speech answered {Status}; retrying in {DelayMs} ms (attempt {Attempt} of {Attempts})")]
    public static partial void AzureRetrying(ILogger logger, string status, long delayMs, int attempt, int attempts);

    [LoggerMessage(EventId = SpeechEventIds.EspeakStderr, Level = LogLevel.Debug,
        Message = "espeak-ng wrote to stderr: {Stderr}")]
    public static partial void EspeakStderr(ILogger logger, string stderr);

    [LoggerMessage(EventId = SpeechEventIds.RecordingSaved, Level = LogLevel.Information,
        Message = "Recorded prompt {Language}/{Key} saved: {AudioMs} ms of audio in {Path}")]
    public static partial void RecordingSaved(ILogger logger, string language, string key, long audioMs, string path);

    [LoggerMessage(EventId = SpeechEventIds.RecordingDeleted, Level = LogLevel.Information,
        Message = "Recorded prompt {Language}/{Key} removed ({Path}); its text is rendered instead")]
    public static partial void RecordingDeleted(ILogger logger, string language, string key, string path);
}
