using System.Text.RegularExpressions;
using IvrService.Media.Audio;

namespace IvrService.Speech.Tests;

public sealed partial class PromptLibraryTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _root = Directory.CreateTempSubdirectory("ivr-prompts-").FullName;
    private readonly SpeechOptions _options;

    public PromptLibraryTests()
    {
        _options = new SpeechOptions
        {
            PromptsDirectory = Path.Combine(_root, "prompts"),
            CacheDirectory = Path.Combine(_root, "cache"),
        };
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task GetAudioFileAsync_ReturnsRecordedFile_WhenWavExists()
    {
        var recorded = Path.Combine(_options.PromptsDirectory!, "fa", "welcome.wav");
        Directory.CreateDirectory(Path.GetDirectoryName(recorded)!);
        await File.WriteAllBytesAsync(recorded, TestAudio.Wav(TestAudio.Tone(800))).WaitAsync(Timeout);
        var speech = new CountingTextToSpeech(new EspeakNgTextToSpeech(_options));
        speech.Open();
        using var library = new PromptLibrary(_options, speech);

        var file = await library.ResolveAsync("fa", "welcome", "خوش آمدید", CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(new PromptFile(recorded, PromptSource.Recorded), file);
        Assert.Equal(0, speech.Renders);
        Assert.False(Directory.Exists(_options.CacheDirectory));
    }

    [Fact]
    public async Task SaveRecordingAsync_KeepsUploadInRecordingsFolderAheadOfShippedFile_UntilDeleted()
    {
        var options = new SpeechOptions
        {
            PromptsDirectory = _options.PromptsDirectory,
            CacheDirectory = _options.CacheDirectory,
            RecordingsDirectory = Path.Combine(_root, "uploads"),
        };
        var shipped = Path.Combine(options.PromptsDirectory!, "fa", "welcome.wav");
        Directory.CreateDirectory(Path.GetDirectoryName(shipped)!);
        await File.WriteAllBytesAsync(shipped, TestAudio.Wav(TestAudio.Tone(800))).WaitAsync(Timeout);
        using var library = new PromptLibrary(options, new CountingTextToSpeech(new EspeakNgTextToSpeech(options)));

        var uploaded = await library.SaveRecordingAsync("fa", "welcome", TestAudio.Tone(1600), CancellationToken.None).WaitAsync(Timeout);
        var whileUploaded = await library.ResolveAsync("fa", "welcome", "خوش آمدید", CancellationToken.None).WaitAsync(Timeout);
        var keys = await library.ListRecordedKeysAsync("fa", CancellationToken.None).WaitAsync(Timeout);
        var deleted = await library.DeleteRecordingAsync("fa", "welcome", CancellationToken.None).WaitAsync(Timeout);
        var afterDelete = await library.ResolveAsync("fa", "welcome", "خوش آمدید", CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(Path.Combine(_root, "uploads", "fa", "welcome.wav"), uploaded);
        Assert.Equal(new PromptFile(uploaded, PromptSource.Recorded), whileUploaded);
        Assert.Equal(["welcome"], keys);
        Assert.True(deleted);
        Assert.Equal(new PromptFile(shipped, PromptSource.Recorded), afterDelete);
        Assert.True(File.Exists(shipped));
    }

    [Fact]
    public async Task GetAudioFileAsync_RendersOnceIntoTheCache_WhenRequestedConcurrently()
    {
        var speech = new CountingTextToSpeech(new EspeakNgTextToSpeech(_options));
        using var library = new PromptLibrary(_options, speech);

        var requests = Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => library.ResolveAsync("fa", "number.1000", "هزار", CancellationToken.None)))
            .ToArray();
        await WaitUntilAsync(() => speech.Renders > 0);
        speech.Open();
        var files = await Task.WhenAll(requests).WaitAsync(Timeout);

        Assert.Equal(1, speech.Renders);
        var path = Assert.Single(files.Select(f => f.Path).Distinct());
        Assert.All(files, f => Assert.Equal(PromptSource.Rendered, f.Source));
        Assert.Equal(Path.Combine(_options.CacheDirectory!, "espeak", "fa"), Path.GetDirectoryName(path));
        Assert.Matches(CachedName(), Path.GetFileName(path));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
        var prompt = await PromptAudio.FromWavFileAsync(path, CancellationToken.None).WaitAsync(Timeout);
        Assert.True(prompt.Duration > TimeSpan.FromMilliseconds(300), $"only {prompt.Duration} of audio");
        Assert.True(TestAudio.Rms(prompt.Pcm.Span) > 300);

        var again = await library.ResolveAsync("fa", "number.1000", "هزار", CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(new PromptFile(path, PromptSource.Cached), again);
        Assert.Equal(1, speech.Renders);
    }

    [Fact]
    public async Task GetAudioFileAsync_RendersAnew_WhenTextChanges()
    {
        var speech = new CountingTextToSpeech(new EspeakNgTextToSpeech(_options));
        speech.Open();
        using var library = new PromptLibrary(_options, speech);

        var first = await library.GetAudioFileAsync("en", "goodbye", "Goodbye.", CancellationToken.None).WaitAsync(Timeout);
        var second = await library.GetAudioFileAsync("en", "goodbye", "Thank you for calling. Goodbye.", CancellationToken.None).WaitAsync(Timeout);
        var firstAgain = await library.GetAudioFileAsync("en", "goodbye", "Goodbye.", CancellationToken.None).WaitAsync(Timeout);

        Assert.NotEqual(first, second);
        Assert.Equal(first, firstAgain);
        Assert.Equal(2, speech.Renders);
        var shortOne = await PromptAudio.FromWavFileAsync(first, CancellationToken.None).WaitAsync(Timeout);
        var longOne = await PromptAudio.FromWavFileAsync(second, CancellationToken.None).WaitAsync(Timeout);
        Assert.True(longOne.Duration > shortOne.Duration);
    }

    [Fact]
    public async Task GetAudioFileAsync_RendersText_WhenRecordedFileIsNotWav()
    {
        var recorded = Path.Combine(_options.PromptsDirectory!, "en", "menu.wav");
        Directory.CreateDirectory(Path.GetDirectoryName(recorded)!);
        await File.WriteAllTextAsync(recorded, "not audio").WaitAsync(Timeout);
        var speech = new CountingTextToSpeech(new EspeakNgTextToSpeech(_options));
        speech.Open();
        using var library = new PromptLibrary(_options, speech);

        var file = await library.ResolveAsync("en", "menu", "Press one.", CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(PromptSource.Rendered, file.Source);
        Assert.StartsWith(_options.CacheDirectory!, file.Path, StringComparison.Ordinal);
        Assert.Equal(1, speech.Renders);
    }

    [Theory]
    [InlineData("../secret", "it contains '/'")]
    [InlineData(".hidden", "it starts or ends with '.'")]
    [InlineData("menu/../../etc", "it contains '/'")]
    [InlineData("a\\b", "it contains '\\'")]
    [InlineData("a..b", "it contains '..'")]
    [InlineData("", "it is empty")]
    [InlineData("menu item", "it contains ' '")]
    public async Task GetAudioFileAsync_ThrowsNamingTheKey_WhenKeyIsNotASafeFileName(string key, string reason)
    {
        using var library = new PromptLibrary(_options, new EspeakNgTextToSpeech(_options));

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => library.GetAudioFileAsync("en", key, "text", CancellationToken.None).WaitAsync(Timeout));

        Assert.StartsWith($"Prompt key '{key}' cannot name a file: {reason}", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_options.CacheDirectory));
    }

    [Fact]
    public async Task GetAudioFileAsync_ThrowsNamingTheLanguage_WhenLanguageIsNotASafeFileName()
    {
        using var library = new PromptLibrary(_options, new EspeakNgTextToSpeech(_options));

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => library.GetAudioFileAsync("..", "welcome", "text", CancellationToken.None).WaitAsync(Timeout));

        Assert.StartsWith("Prompt language '..' cannot name a file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAudioFileAsync_ThrowsNamingCacheDirectory_WhenItIsNotSet()
    {
        var options = new SpeechOptions { PromptsDirectory = _options.PromptsDirectory };
        using var library = new PromptLibrary(options, new EspeakNgTextToSpeech(options));

        var error = await Assert.ThrowsAsync<TextToSpeechException>(
            () => library.GetAudioFileAsync("en", "welcome", "Welcome.", CancellationToken.None).WaitAsync(Timeout));

        Assert.Contains("Speech:CacheDirectory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAudioFileAsync_LeavesNothingAndRetries_WhenRenderFails()
    {
        _options.EspeakVoices["en"] = "zzvoice";
        var speech = new CountingTextToSpeech(new EspeakNgTextToSpeech(_options));
        speech.Open();
        using var library = new PromptLibrary(_options, speech);

        await Assert.ThrowsAsync<TextToSpeechException>(
            () => library.GetAudioFileAsync("en", "welcome", "Welcome.", CancellationToken.None).WaitAsync(Timeout));
        await Assert.ThrowsAsync<TextToSpeechException>(
            () => library.GetAudioFileAsync("en", "welcome", "Welcome.", CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(2, speech.Renders);
        Assert.Empty(Directory.Exists(_options.CacheDirectory) ? Directory.GetFiles(_options.CacheDirectory, "*", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public async Task WarmAsync_MakesEachPromptReadyAndReportsFailures_WhenCatalogHasABadKey()
    {
        var recorded = Path.Combine(_options.PromptsDirectory!, "fa", "welcome.wav");
        Directory.CreateDirectory(Path.GetDirectoryName(recorded)!);
        await File.WriteAllBytesAsync(recorded, TestAudio.Wav(TestAudio.Tone(800))).WaitAsync(Timeout);
        using var library = new PromptLibrary(_options, new EspeakNgTextToSpeech(_options));
        var progress = new ListProgress();
        (string, string, string)[] catalog =
        [
            ("fa", "welcome", "خوش آمدید"),
            ("fa", "number.1000", "هزار"),
            ("en", "menu.main", "For after-sales service, press one."),
            ("en", "../escape", "Nope."),
        ];

        var result = await library.WarmAsync(catalog, progress, CancellationToken.None).WaitAsync(Timeout);
        var again = await library.WarmAsync(catalog, null, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal((1, 0, 2), (result.Recorded, result.Cached, result.Rendered));
        var failure = Assert.Single(result.Failures);
        Assert.Equal("../escape", failure.Prompt.Key);
        Assert.Contains("cannot name a file", failure.Error, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3, 4], progress.Reports.Select(r => r.Done));
        Assert.All(progress.Reports, r => Assert.Equal(4, r.Total));
        Assert.Null(progress.Reports[3].File);
        Assert.Equal((1, 2, 0, 1), (again.Recorded, again.Cached, again.Rendered, again.Failures.Count));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not come true in time");
            await Task.Delay(10);
        }

        // Let the other requests reach the library while the first render is held at the gate.
        await Task.Delay(200);
    }

    [GeneratedRegex("^number\\.1000-[0-9a-f]{12}\\.wav$")]
    private static partial Regex CachedName();

    private sealed class ListProgress : IProgress<PromptWarmProgress>
    {
        public List<PromptWarmProgress> Reports { get; } = [];

        public void Report(PromptWarmProgress value) => Reports.Add(value);
    }
}
