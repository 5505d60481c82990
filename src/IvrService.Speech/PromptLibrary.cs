namespace IvrService.Speech;

/// <summary>
/// Finds the audio of a prompt: <c>&lt;prompts root&gt;/&lt;language&gt;/&lt;key&gt;.wav</c> when it exists, otherwise the
/// prompt's text rendered once by the configured text-to-speech provider and cached as an 8 kHz WAV file.
/// </summary>
public sealed class PromptLibrary
{
    /// <summary>The path of a playable 8 kHz mono WAV file for the prompt.</summary>
    public Task<string> GetAudioFileAsync(string language, string key, string text, CancellationToken cancellationToken) => throw new NotImplementedException();
}
