using System.Globalization;

namespace IvrService.Speech;

/// <summary>Text-to-speech and prompt settings, bound from the "Speech" section.</summary>
public sealed class SpeechOptions
{
    public const string SectionName = "Speech";

    /// <summary><c>espeak</c> (offline, default) or <c>azure</c>.</summary>
    public string Provider { get; set; } = SpeechProviders.Espeak;

    /// <summary>The espeak-ng program: a path, or a name looked up on PATH.</summary>
    public string EspeakPath { get; set; } = "espeak-ng";

    /// <summary>The espeak-ng voice per prompt language.</summary>
    public Dictionary<string, string> EspeakVoices { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fa"] = "fa",
        ["en"] = "en-us",
    };

    /// <summary>Where the shipped recorded prompts live (<c>&lt;dir&gt;/&lt;language&gt;/&lt;key&gt;.wav</c>); unset: the host decides.</summary>
    public string? PromptsDirectory { get; set; }

    /// <summary>
    /// Where recordings uploaded by admins are kept (same layout); they win over the shipped ones. A writable folder
    /// (the program's folder is read-only under systemd); unset: the host decides (<c>&lt;data dir&gt;/prompt-recordings</c>),
    /// and without a host uploads go to <see cref="PromptsDirectory"/>.
    /// </summary>
    public string? RecordingsDirectory { get; set; }

    /// <summary>Where rendered prompts are cached; unset: the host decides (<c>&lt;data dir&gt;/prompt-cache</c>).</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>The longest one prompt may take to render before it fails.</summary>
    public TimeSpan RenderTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Azure Speech settings, used when <see cref="Provider"/> is <c>azure</c>.</summary>
    public AzureSpeechOptions Azure { get; set; } = new();

    /// <summary>Every problem with the values, each naming its configuration key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var provider = Provider?.Trim() ?? string.Empty;
        var isAzure = string.Equals(provider, SpeechProviders.Azure, StringComparison.OrdinalIgnoreCase);
        if (!isAzure && !string.Equals(provider, SpeechProviders.Espeak, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{SectionName}:{nameof(Provider)}: '{Provider}' is not a provider (use '{SpeechProviders.Espeak}' or '{SpeechProviders.Azure}')");
        }

        if (RenderTimeout <= TimeSpan.Zero)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{nameof(RenderTimeout)}: {RenderTimeout} must be positive"));
        }

        if (isAzure)
        {
            ValidateAzure(problems);
        }
        else
        {
            if (string.IsNullOrWhiteSpace(EspeakPath))
            {
                problems.Add($"{SectionName}:{nameof(EspeakPath)} must name the espeak-ng program when {SectionName}:{nameof(Provider)} is {SpeechProviders.Espeak}");
            }

            ValidateVoices(EspeakVoices, $"{SectionName}:{nameof(EspeakVoices)}", problems);
        }

        return problems;
    }

    private void ValidateAzure(List<string> problems)
    {
        var azure = Azure ?? new AzureSpeechOptions();
        var prefix = $"{SectionName}:{nameof(Azure)}";
        var when = $"when {SectionName}:{nameof(Provider)} is {SpeechProviders.Azure}";
        if (string.IsNullOrWhiteSpace(azure.Endpoint))
        {
            if (string.IsNullOrWhiteSpace(azure.Region))
            {
                problems.Add($"{prefix}:{nameof(AzureSpeechOptions.Region)} is required {when} (or set {prefix}:{nameof(AzureSpeechOptions.Endpoint)})");
            }
            else if (!IsRegionName(azure.Region))
            {
                problems.Add($"{prefix}:{nameof(AzureSpeechOptions.Region)}: '{azure.Region}' is not a region name (letters and digits, for example westeurope)");
            }
        }
        else if (!Uri.TryCreate(azure.Endpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add($"{prefix}:{nameof(AzureSpeechOptions.Endpoint)}: '{azure.Endpoint}' is not an absolute http or https URL");
        }

        if (string.IsNullOrWhiteSpace(azure.Key))
        {
            problems.Add($"{prefix}:{nameof(AzureSpeechOptions.Key)} is required {when}");
        }

        if (!Internal.AzureOutputFormat.TryParse(azure.OutputFormat, out _))
        {
            problems.Add($"{prefix}:{nameof(AzureSpeechOptions.OutputFormat)}: '{azure.OutputFormat}' is not supported (use {Internal.AzureOutputFormat.SupportedList})");
        }

        if (azure.MaxRetries is < 0 or > 10)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:{nameof(AzureSpeechOptions.MaxRetries)}: {azure.MaxRetries} must be between 0 and 10"));
        }

        ValidateVoices(azure.Voices, $"{prefix}:{nameof(AzureSpeechOptions.Voices)}", problems);
        foreach (var (language, voice) in azure.Voices ?? [])
        {
            if (!string.IsNullOrWhiteSpace(voice) && Internal.AzureSsml.LocaleOf(voice) is null)
            {
                problems.Add($"{prefix}:{nameof(AzureSpeechOptions.Voices)}:{language}: '{voice}' is not an Azure voice name (locale then name, for example fa-IR-DilaraNeural)");
            }
        }
    }

    private static void ValidateVoices(Dictionary<string, string>? voices, string key, List<string> problems)
    {
        if (voices is null || voices.Count == 0)
        {
            problems.Add($"{key} must name a voice for each prompt language (for example {key}:fa)");
            return;
        }

        foreach (var (language, voice) in voices)
        {
            if (string.IsNullOrWhiteSpace(voice))
            {
                problems.Add($"{key}:{language} is empty");
            }
        }
    }

    private static bool IsRegionName(string region)
    {
        foreach (var c in region)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
