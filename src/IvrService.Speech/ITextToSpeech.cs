namespace IvrService.Speech;

/// <summary>A text-to-speech provider: turns a prompt's text into telephone audio (8 kHz mono 16-bit PCM).</summary>
public interface ITextToSpeech
{
    /// <summary>The provider's short name (<c>espeak</c>, <c>azure</c>); also the folder of its cached renders.</summary>
    string Name { get; }

    /// <summary>
    /// The voice the provider speaks a language with, for example <c>fa</c> (espeak-ng) or <c>fa-IR-DilaraNeural</c> (Azure).
    /// Part of a cached render's identity, so a changed voice renders the prompts anew.
    /// </summary>
    /// <exception cref="TextToSpeechException">No voice is configured for the language.</exception>
    string GetVoice(string language);

    /// <summary>Speaks the text in the language (<c>fa</c>, <c>en</c>, …).</summary>
    /// <exception cref="TextToSpeechException">The provider failed; the message says why and which setting to look at.</exception>
    Task<SpeechAudio> SynthesizeAsync(string text, string language, CancellationToken cancellationToken);
}
