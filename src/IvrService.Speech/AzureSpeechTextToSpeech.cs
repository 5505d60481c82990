using System.Globalization;
using System.Net.Http.Headers;
using IvrService.Speech.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IvrService.Speech;

/// <summary>
/// Text-to-speech with Azure Speech through its REST API: one POST of SSML to
/// <c>https://{region}.tts.speech.microsoft.com/cognitiveservices/v1</c> per prompt, asking for 8 kHz audio.
/// </summary>
/// <remarks>
/// Throttling (429) and server errors (5xx) are retried <see cref="AzureSpeechOptions.MaxRetries"/> times, waiting as
/// <c>Retry-After</c> says (or 1 s, 2 s, … without it); a refused key (401, 403) fails at once naming <c>Speech:Azure:Key</c>.
/// </remarks>
public sealed class AzureSpeechTextToSpeech : ITextToSpeech
{
    /// <summary>The name of the <see cref="HttpClient"/> taken from <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "IvrService.Speech.Azure";

    private const string KeyHeader = "Ocp-Apim-Subscription-Key";
    private const string OutputFormatHeader = "X-Microsoft-OutputFormat";
    private const string SsmlMediaType = "application/ssml+xml";
    private const int MaxErrorBodyChars = 300;

    private static readonly TimeSpan LongestRetryWait = TimeSpan.FromSeconds(30);
    private static readonly ProductInfoHeaderValue UserAgent = new("IvrService", typeof(AzureSpeechTextToSpeech).Assembly.GetName().Version?.ToString(3) ?? "1.0.0");

    private readonly SpeechOptions _options;
    private readonly AzureSpeechOptions _azure;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Uri _endpoint;
    private readonly AzureOutputFormat _format;

    /// <exception cref="ArgumentException">The options are not valid for Azure (see <see cref="SpeechOptions.Validate"/>).</exception>
    public AzureSpeechTextToSpeech(
        SpeechOptions options, IHttpClientFactory httpClientFactory, TimeProvider? timeProvider = null, ILogger<AzureSpeechTextToSpeech>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        _options = options;
        _azure = options.Azure ?? throw new ArgumentException($"{SpeechOptions.SectionName}:{nameof(SpeechOptions.Azure)} is missing.", nameof(options));
        _httpClientFactory = httpClientFactory;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<AzureSpeechTextToSpeech>.Instance;

        var endpoint = string.IsNullOrWhiteSpace(_azure.Endpoint)
            ? $"https://{_azure.Region?.Trim()}.tts.speech.microsoft.com/cognitiveservices/v1"
            : _azure.Endpoint.Trim();
        if (string.IsNullOrWhiteSpace(_azure.Endpoint) && string.IsNullOrWhiteSpace(_azure.Region))
        {
            throw new ArgumentException($"{SpeechOptions.SectionName}:Azure:Region is required when {SpeechOptions.SectionName}:Provider is azure.", nameof(options));
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"{SpeechOptions.SectionName}:Azure:Endpoint: '{endpoint}' is not an absolute URL.", nameof(options));
        }

        if (!AzureOutputFormat.TryParse(_azure.OutputFormat, out var format))
        {
            throw new ArgumentException(
                $"{SpeechOptions.SectionName}:Azure:OutputFormat: '{_azure.OutputFormat}' is not supported (use {AzureOutputFormat.SupportedList}).", nameof(options));
        }

        _endpoint = uri;
        _format = format;
    }

    /// <inheritdoc />
    public string Name => SpeechProviders.Azure;

    /// <summary>The URL synthesis requests go to.</summary>
    public Uri Endpoint => _endpoint;

    /// <inheritdoc />
    public string GetVoice(string language)
    {
        ArgumentNullException.ThrowIfNull(language);
        if (_azure.Voices.TryGetValue(language, out var voice) && !string.IsNullOrWhiteSpace(voice))
        {
            return voice.Trim();
        }

        var dash = language.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 && _azure.Voices.TryGetValue(language[..dash], out voice) && !string.IsNullOrWhiteSpace(voice))
        {
            return voice.Trim();
        }

        throw new TextToSpeechException(
            $"No Azure voice for language '{language}': set {SpeechOptions.SectionName}:Azure:Voices:{language} (for example fa-IR-DilaraNeural or en-US-JennyNeural).");
    }

    /// <inheritdoc />
    public async Task<SpeechAudio> SynthesizeAsync(string text, string language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new TextToSpeechException($"Nothing to speak: the {language} text is empty.");
        }

        var voice = GetVoice(language);
        var locale = AzureSsml.LocaleOf(voice)
            ?? throw new TextToSpeechException($"{SpeechOptions.SectionName}:Azure:Voices:{language}: '{voice}' is not an Azure voice name (locale then name, for example fa-IR-DilaraNeural).");
        var ssml = AzureSsml.Build(text, voice, locale);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RenderTimeout);
        var client = _httpClientFactory.CreateClient(HttpClientName);
        var attempts = Math.Max(0, _azure.MaxRetries) + 1;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                using var request = CreateRequest(ssml);
                HttpResponseMessage response;
                try
                {
                    response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                }
                catch (HttpRequestException e) when (attempt < attempts)
                {
                    var wait = DefaultWait(attempt);
                    Log.AzureRetrying(_logger, e.Message, (long)wait.TotalMilliseconds, attempt + 1, attempts);
                    await Task.Delay(wait, _timeProvider, timeout.Token).ConfigureAwait(false);
                    continue;
                }
                catch (HttpRequestException e)
                {
                    throw new TextToSpeechException($"Azure Speech at {_endpoint} could not be reached after {attempts} attempts: {e.Message}", e);
                }

                using (response)
                {
                    if (response.IsSuccessStatusCode)
                    {
                        var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
                        return Decode(body, voice);
                    }

                    var status = (int)response.StatusCode;
                    var detail = await ReadErrorAsync(response, timeout.Token).ConfigureAwait(false);
                    if (status is 401 or 403)
                    {
                        throw new TextToSpeechException(string.Create(
                            CultureInfo.InvariantCulture,
                            $"Azure Speech refused the key (HTTP {status}){detail}: check {SpeechOptions.SectionName}:Azure:Key and that the key belongs to the resource in {SpeechOptions.SectionName}:Azure:Region ('{_azure.Region}')."));
                    }

                    var retryable = status == 429 || status >= 500;
                    if (!retryable)
                    {
                        throw new TextToSpeechException(string.Create(
                            CultureInfo.InvariantCulture,
                            $"Azure Speech rejected the request for voice '{voice}' (HTTP {status}){detail}: check {SpeechOptions.SectionName}:Azure:Voices and {SpeechOptions.SectionName}:Azure:OutputFormat ('{_format.Name}')."));
                    }

                    var requested = RetryAfter(response);
                    if (attempt >= attempts || requested > LongestRetryWait)
                    {
                        var why = status == 429 ? "kept throttling requests" : "kept failing";
                        throw new TextToSpeechException(string.Create(
                            CultureInfo.InvariantCulture,
                            $"Azure Speech {why} (HTTP {status}{(requested is { } r ? $", Retry-After {r.TotalSeconds:0.#} s" : string.Empty)}){detail} after {attempt} attempt(s); try again later or raise the resource's quota."));
                    }

                    var wait = requested ?? DefaultWait(attempt);
                    Log.AzureRetrying(_logger, string.Create(CultureInfo.InvariantCulture, $"HTTP {status}"), (long)wait.TotalMilliseconds, attempt + 1, attempts);
                    await Task.Delay(wait, _timeProvider, timeout.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TextToSpeechException(string.Create(
                CultureInfo.InvariantCulture,
                $"Azure Speech did not answer within {SpeechOptions.SectionName}:{nameof(SpeechOptions.RenderTimeout)} ({_options.RenderTimeout})."));
        }
    }

    private HttpRequestMessage CreateRequest(byte[] ssml)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new ByteArrayContent(ssml),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(SsmlMediaType);
        request.Headers.TryAddWithoutValidation(KeyHeader, _azure.Key);
        request.Headers.TryAddWithoutValidation(OutputFormatHeader, _format.Name);
        request.Headers.UserAgent.Add(UserAgent);
        return request;
    }

    private SpeechAudio Decode(byte[] body, string voice)
    {
        if (body.Length == 0)
        {
            throw new TextToSpeechException($"Azure Speech returned no audio for voice '{voice}'.");
        }

        if (!_format.TryDecode(body, out var samples, out var error))
        {
            throw new TextToSpeechException($"Azure Speech returned audio that is not {_format.Name}: {error}.");
        }

        return new SpeechAudio(samples);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static TimeSpan DefaultWait(int attempt) => TimeSpan.FromSeconds(Math.Min(8, 1 << (attempt - 1)));

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
        }
        catch (HttpRequestException)
        {
            return string.Empty;
        }

        if (body.Length == 0)
        {
            return string.Empty;
        }

        if (body.Length > MaxErrorBodyChars)
        {
            body = string.Concat(body.AsSpan(0, MaxErrorBodyChars), "…");
        }

        return ": " + body.ReplaceLineEndings(" ");
    }
}
