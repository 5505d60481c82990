using IvrService.Media.Audio;

namespace IvrService.Speech.Tests;

public sealed class EspeakNgTextToSpeechTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("ivr-espeak-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("fa", "با سلام، به مرکز خدمات پس از فروش خوش آمدید. لطفاً شماره مورد نظر را وارد کنید.")]
    [InlineData("en", "Welcome to after-sales service. Please enter the number of your request.")]
    public async Task SynthesizeAsync_ReturnsSpeechThatPromptAudioPlays_WhenTextIsPersianOrEnglish(string language, string text)
    {
        var speech = new EspeakNgTextToSpeech(new SpeechOptions());

        var audio = await speech.SynthesizeAsync(text, language, CancellationToken.None).WaitAsync(Timeout);
        var prompt = PromptAudio.FromWav(language, TestAudio.Wav(audio.Samples.Span));

        // A sentence of about 12 words lasts some seconds, and most of it is voiced.
        Assert.InRange(prompt.Duration, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(15));
        Assert.InRange(audio.Duration, prompt.Duration - TimeSpan.FromMilliseconds(20), prompt.Duration);
        Assert.True(TestAudio.Rms(prompt.Pcm.Span) > 500, $"RMS {TestAudio.Rms(prompt.Pcm.Span):0} is too quiet for speech");
        Assert.True(TestAudio.VoicedShare(prompt.Pcm.Span) > 0.4, $"only {TestAudio.VoicedShare(prompt.Pcm.Span):P0} of the frames are voiced");
    }

    [Fact]
    public async Task SynthesizeAsync_SpeaksTheTextLiterally_WhenItLooksLikeShellOrOptions()
    {
        var marker = Path.Combine(_directory, "marker");
        var speech = new EspeakNgTextToSpeech(new SpeechOptions());

        var audio = await speech.SynthesizeAsync($"-w {marker} $(touch {marker}); touch {marker}", "en", CancellationToken.None).WaitAsync(Timeout);

        Assert.False(File.Exists(marker));
        Assert.True(audio.Duration > TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task SynthesizeAsync_ThrowsNamingEspeakPath_WhenProgramIsMissing()
    {
        var speech = new EspeakNgTextToSpeech(new SpeechOptions { EspeakPath = Path.Combine(_directory, "no-espeak-ng") });

        var error = await Assert.ThrowsAsync<TextToSpeechException>(
            () => speech.SynthesizeAsync("hello", "en", CancellationToken.None).WaitAsync(Timeout));

        Assert.Contains("Speech:EspeakPath", error.Message, StringComparison.Ordinal);
        Assert.Contains("no-espeak-ng", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SynthesizeAsync_ThrowsWithExitCodeAndStderr_WhenVoiceDoesNotExist()
    {
        var options = new SpeechOptions();
        options.EspeakVoices["en"] = "zzvoice";
        var speech = new EspeakNgTextToSpeech(options);

        var error = await Assert.ThrowsAsync<TextToSpeechException>(
            () => speech.SynthesizeAsync("hello", "en", CancellationToken.None).WaitAsync(Timeout));

        Assert.Contains("exit code 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("voice does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("zzvoice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SynthesizeAsync_ThrowsCancelled_WhenTokenIsCancelled()
    {
        var speech = new EspeakNgTextToSpeech(new SpeechOptions());
        var longText = string.Join(' ', Enumerable.Repeat("This sentence is repeated to keep espeak busy for a while.", 400));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => speech.SynthesizeAsync(longText, "en", cancel.Token).WaitAsync(Timeout));
    }

    [Fact]
    public async Task SynthesizeAsync_ThrowsNamingRenderTimeout_WhenProgramTakesTooLong()
    {
        var speech = new EspeakNgTextToSpeech(new SpeechOptions { RenderTimeout = TimeSpan.FromMilliseconds(100) });
        var longText = string.Join(' ', Enumerable.Repeat("This sentence is repeated to keep espeak busy for a while.", 400));

        var error = await Assert.ThrowsAsync<TextToSpeechException>(
            () => speech.SynthesizeAsync(longText, "en", CancellationToken.None).WaitAsync(Timeout));

        Assert.Contains("Speech:RenderTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetVoice_ThrowsNamingTheKey_WhenLanguageHasNoVoice()
    {
        var speech = new EspeakNgTextToSpeech(new SpeechOptions());

        var error = Assert.Throws<TextToSpeechException>(() => speech.GetVoice("de"));

        Assert.Contains("Speech:EspeakVoices:de", error.Message, StringComparison.Ordinal);
    }
}
