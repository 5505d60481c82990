namespace IvrService.Speech;

/// <summary>Where a prompt's audio file came from.</summary>
public enum PromptSource
{
    /// <summary>A recorded file in the prompts directory.</summary>
    Recorded,

    /// <summary>A render of the same text and voice made earlier, found in the cache.</summary>
    Cached,

    /// <summary>Rendered by the text-to-speech provider for this request.</summary>
    Rendered,
}
