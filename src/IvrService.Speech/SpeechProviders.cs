namespace IvrService.Speech;

/// <summary>The values of <c>Speech:Provider</c>.</summary>
public static class SpeechProviders
{
    /// <summary>espeak-ng, run locally: offline, the default.</summary>
    public const string Espeak = "espeak";

    /// <summary>Azure Speech through its REST API.</summary>
    public const string Azure = "azure";
}
