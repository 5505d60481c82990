namespace IvrService.Speech;

/// <summary>A text-to-speech provider could not render a text; the message names the cause and the setting to check.</summary>
public sealed class TextToSpeechException : Exception
{
    public TextToSpeechException()
    {
    }

    public TextToSpeechException(string message)
        : base(message)
    {
    }

    public TextToSpeechException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
