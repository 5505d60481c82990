namespace IvrService.Speech.Internal;

/// <summary>Log event ids of text-to-speech and the prompt library: 5000–5999.</summary>
internal static class SpeechEventIds
{
    public const int PromptRendered = 5000;
    public const int PromptRenderFailed = 5001;
    public const int RecordedPromptUnusable = 5002;
    public const int PromptsWarmed = 5003;
    public const int RecordingSaved = 5004;
    public const int RecordingDeleted = 5005;
    public const int AzureRetrying = 5010;
    public const int EspeakStderr = 5020;
}
