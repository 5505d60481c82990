namespace IvrService.Speech;

/// <summary>Azure Speech settings, bound from <c>Speech:Azure</c>.</summary>
public sealed class AzureSpeechOptions
{
    /// <summary>The default output format: 8 kHz 16-bit mono PCM in a RIFF (WAV) container.</summary>
    public const string DefaultOutputFormat = "riff-8khz-16bit-mono-pcm";

    /// <summary>The Speech resource's region, for example <c>westeurope</c>; the endpoint is <c>https://{region}.tts.speech.microsoft.com/cognitiveservices/v1</c>.</summary>
    public string? Region { get; set; }

    /// <summary>The Speech resource key, sent as <c>Ocp-Apim-Subscription-Key</c>.</summary>
    public string? Key { get; set; }

    /// <summary>The full synthesis URL, overriding the one made from <see cref="Region"/> (sovereign clouds, tests).</summary>
    public string? Endpoint { get; set; }

    /// <summary>
    /// The <c>X-Microsoft-OutputFormat</c> asked for: an 8 kHz format (<c>riff-8khz-16bit-mono-pcm</c>,
    /// <c>raw-8khz-16bit-mono-pcm</c>, <c>riff-8khz-8bit-mono-mulaw</c>, <c>raw-8khz-8bit-mono-mulaw</c>,
    /// <c>riff-8khz-8bit-mono-alaw</c>, <c>raw-8khz-8bit-mono-alaw</c>) or a RIFF PCM format at 16 or 24 kHz, resampled.
    /// </summary>
    public string OutputFormat { get; set; } = DefaultOutputFormat;

    /// <summary>The neural voice per prompt language; the voice name's locale (<c>fa-IR</c>) becomes the SSML <c>xml:lang</c>.</summary>
    public Dictionary<string, string> Voices { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fa"] = "fa-IR-DilaraNeural",
        ["en"] = "en-US-JennyNeural",
    };

    /// <summary>How many times a throttled (429) or failed (5xx) request is retried.</summary>
    public int MaxRetries { get; set; } = 2;
}
