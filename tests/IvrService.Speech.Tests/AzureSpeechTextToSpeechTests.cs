using System.Diagnostics;
using System.Xml.Linq;
using IvrService.Media.Audio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IvrService.Speech.Tests;

public sealed class AzureSpeechTextToSpeechTests
{
    private const string Key = "0123456789abcdef0123456789abcdef";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly XNamespace Ssml = "http://www.w3.org/2001/10/synthesis";
    private static readonly XNamespace Xml = XNamespace.Xml;

    [Theory]
    [InlineData("fa", "fa-IR", "fa-IR-DilaraNeural", "درخواست شما با شماره ۱۲۳۴۵ ثبت شد.")]
    [InlineData("en", "en-US", "en-US-JennyNeural", "Press 1 & then # for <service> \"visits\" isn't it?")]
    public async Task SynthesizeAsync_SendsTheRequestAzureDocuments_WhenSpeakingALanguage(string language, string locale, string voice, string text)
    {
        var tone = TestAudio.Tone(4000);
        await using var server = new LocalHttpServer((_, _) => new ServerReply(200, TestAudio.Wav(tone), "audio/x-wav"));
        await using var services = Build(server);
        var speech = services.GetRequiredService<ITextToSpeech>();

        var audio = await speech.SynthesizeAsync(text, language, CancellationToken.None).WaitAsync(Timeout);

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/cognitiveservices/v1", request.Path);
        Assert.Equal(Key, request.Headers["Ocp-Apim-Subscription-Key"]);
        Assert.Equal("application/ssml+xml", request.Headers["Content-Type"]);
        Assert.Equal("riff-8khz-16bit-mono-pcm", request.Headers["X-Microsoft-OutputFormat"]);
        Assert.StartsWith("IvrService/", request.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.False(request.Headers.ContainsKey("Authorization"));

        var speak = XDocument.Parse(System.Text.Encoding.UTF8.GetString(request.Body)).Root!;
        Assert.Equal(Ssml + "speak", speak.Name);
        Assert.Equal("1.0", (string?)speak.Attribute("version"));
        Assert.Equal(locale, (string?)speak.Attribute(Xml + "lang"));
        var voiceElement = Assert.Single(speak.Elements());
        Assert.Equal(Ssml + "voice", voiceElement.Name);
        Assert.Equal(voice, (string?)voiceElement.Attribute("name"));
        Assert.Equal(locale, (string?)voiceElement.Attribute(Xml + "lang"));
        Assert.Empty(voiceElement.Elements());
        Assert.Equal(text, voiceElement.Value);

        Assert.Equal(tone, audio.Samples.ToArray());
    }

    [Fact]
    public async Task SynthesizeAsync_DecodesMuLaw_WhenOutputFormatIsRawMuLaw()
    {
        var tone = TestAudio.Tone(1600);
        var muLaw = new byte[tone.Length];
        G711.EncodeMuLaw(tone, muLaw);
        await using var server = new LocalHttpServer((_, _) => new ServerReply(200, muLaw, "audio/basic"));
        await using var services = Build(server, ("Speech:Azure:OutputFormat", "raw-8khz-8bit-mono-mulaw"));
        var speech = services.GetRequiredService<ITextToSpeech>();

        var audio = await speech.SynthesizeAsync("سلام", "fa", CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal("raw-8khz-8bit-mono-mulaw", Assert.Single(server.Requests).Headers["X-Microsoft-OutputFormat"]);
        Assert.Equal(tone.Length, audio.Samples.Length);
        for (var i = 0; i < tone.Length; i++)
        {
            // µ-law keeps a sample within 1/16 of its magnitude (plus the smallest step).
            Assert.InRange(audio.Samples.Span[i], tone[i] - ((Math.Abs(tone[i]) / 16) + 8), tone[i] + (Math.Abs(tone[i]) / 16) + 8);
        }
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task SynthesizeAsync_ThrowsNamingTheKeySetting_WhenKeyIsRefused(int status)
    {
        await using var server = new LocalHttpServer((_, _) => new ServerReply(status, "{\"error\":{\"code\":\"401\",\"message\":\"Access denied\"}}"u8.ToArray(), "application/json"));
        await using var services = Build(server);
        var speech = services.GetRequiredService<ITextToSpeech>();

        var error = await Assert.ThrowsAsync<TextToSpeechException>(
            () => speech.SynthesizeAsync("hello", "en", CancellationToken.None).WaitAsync(Timeout));

        Assert.Contains("Speech:Azure:Key", error.Message, StringComparison.Ordinal);
        Assert.Contains($"HTTP {status}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Access denied", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task SynthesizeAsync_RetriesAfterTheServersWait_WhenThrottledOnce()
    {
        var tone = TestAudio.Tone(800);
        await using var server = new LocalHttpServer((_, count) => count == 1
            ? new ServerReply(429, [], Headers: new Dictionary<string, string> { ["Retry-After"] = "1" })
            : new ServerReply(200, TestAudio.Wav(tone), "audio/x-wav"));
        await using var services = Build(server);
        var speech = services.GetRequiredService<ITextToSpeech>();
        var clock = Stopwatch.StartNew();

        var audio = await speech.SynthesizeAsync("hello", "en", CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(2, server.Requests.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {clock.Elapsed.TotalMilliseconds:0} ms, before Retry-After's 1 s");
        Assert.Equal(server.Requests[0].Body, server.Requests[1].Body);
        Assert.Equal(tone, audio.Samples.ToArray());
    }

    [Fact]
    public async Task SynthesizeAsync_ThrowsAfterTheRetries_WhenServerKeepsFailing()
    {
        await using var server = new LocalHttpServer((_, _) => new ServerReply(503, "busy"u8.ToArray(), "text/plain", new Dictionary<string, string> { ["Retry-After"] = "0" }));
        await using var services = Build(server);
        var speech = services.GetRequiredService<ITextToSpeech>();

        var error = await Assert.ThrowsAsync<TextToSpeechException>(
            () => speech.SynthesizeAsync("hello", "en", CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(3, server.Requests.Count);
        Assert.Contains("HTTP 503", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 3 attempt(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SynthesizeAsync_ThrowsWithoutRetrying_WhenRequestIsRejected()
    {
        await using var server = new LocalHttpServer((_, _) => new ServerReply(400, "Unsupported voice"u8.ToArray(), "text/plain"));
        await using var services = Build(server, ("Speech:Azure:Voices:en", "en-US-NoSuchNeural"));
        var speech = services.GetRequiredService<ITextToSpeech>();

        var error = await Assert.ThrowsAsync<TextToSpeechException>(
            () => speech.SynthesizeAsync("hello", "en", CancellationToken.None).WaitAsync(Timeout));

        Assert.Single(server.Requests);
        Assert.Contains("HTTP 400", error.Message, StringComparison.Ordinal);
        Assert.Contains("en-US-NoSuchNeural", error.Message, StringComparison.Ordinal);
        Assert.Contains("Speech:Azure:Voices", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SynthesizeAsync_Throws_WhenResponseIsNotTheAskedFormat()
    {
        await using var server = new LocalHttpServer((_, _) => new ServerReply(200, "<html>proxy login</html>"u8.ToArray(), "text/html"));
        await using var services = Build(server);
        var speech = services.GetRequiredService<ITextToSpeech>();

        var error = await Assert.ThrowsAsync<TextToSpeechException>(
            () => speech.SynthesizeAsync("hello", "en", CancellationToken.None).WaitAsync(Timeout));

        Assert.Contains("not riff-8khz-16bit-mono-pcm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoint_IsTheRegionalTtsUrl_WhenOnlyRegionIsSet()
    {
        await using var services = Build(server: null, ("Speech:Azure:Region", "westeurope"));

        var speech = Assert.IsType<AzureSpeechTextToSpeech>(services.GetRequiredService<ITextToSpeech>());

        Assert.Equal(new Uri("https://westeurope.tts.speech.microsoft.com/cognitiveservices/v1"), speech.Endpoint);
    }

    [Fact]
    public async Task AddIvrSpeech_RegistersEspeakAndTheLibrary_WhenNothingIsConfigured()
    {
        await using var services = Build(new Dictionary<string, string?> { ["Speech:CacheDirectory"] = "/var/lib/ivr/prompt-cache" });

        var speech = services.GetRequiredService<ITextToSpeech>();
        var library = services.GetRequiredService<PromptLibrary>();

        Assert.IsType<EspeakNgTextToSpeech>(speech);
        Assert.Same(speech, library.TextToSpeech);
        Assert.Equal(["fa", "en-us"], [speech.GetVoice("fa"), speech.GetVoice("en")]);
    }

    [Fact]
    public async Task GetVoice_KeepsTheOtherDefaults_WhenOneVoiceIsConfigured()
    {
        await using var services = Build(server: null, ("Speech:Azure:Region", "westeurope"), ("Speech:Azure:Voices:en", "en-GB-SoniaNeural"));

        var speech = services.GetRequiredService<ITextToSpeech>();

        Assert.Equal("en-GB-SoniaNeural", speech.GetVoice("en"));
        Assert.Equal("fa-IR-DilaraNeural", speech.GetVoice("fa"));
        Assert.Equal("fa-IR-DilaraNeural", speech.GetVoice("fa-IR"));
        Assert.Contains("Speech:Azure:Voices:de", Assert.Throws<TextToSpeechException>(() => speech.GetVoice("de")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Speech:Azure:Region", null, "Speech:Azure:Region is required when Speech:Provider is azure (or set Speech:Azure:Endpoint)")]
    [InlineData("Speech:Azure:Key", null, "Speech:Azure:Key is required when Speech:Provider is azure")]
    [InlineData("Speech:Azure:OutputFormat", "audio-16khz-32kbitrate-mono-mp3", "Speech:Azure:OutputFormat: 'audio-16khz-32kbitrate-mono-mp3' is not supported")]
    [InlineData("Speech:Azure:Voices:fa", "Dilara", "Speech:Azure:Voices:fa: 'Dilara' is not an Azure voice name")]
    [InlineData("Speech:Provider", "polly", "Speech:Provider: 'polly' is not a provider (use 'espeak' or 'azure')")]
    public async Task Options_FailValidationNamingTheKey_WhenAzureSettingIsMissingOrWrong(string key, string? value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Speech:Provider"] = "azure",
            ["Speech:Azure:Key"] = Key,
            [key] = value,
        };
        if (key != "Speech:Azure:Region")
        {
            settings["Speech:Azure:Region"] = "westeurope";
        }

        await using var services = Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SpeechOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    private static ServiceProvider Build(LocalHttpServer? server, params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Speech:Provider"] = "azure",
            ["Speech:Azure:Key"] = Key,
            ["Speech:Azure:Endpoint"] = server?.SynthesisUrl.ToString(),
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return Build(settings);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddIvrSpeech();
        return services.BuildServiceProvider();
    }
}
