using IvrService.Media.Audio;

namespace IvrService.Media.Tests.Audio;

public sealed class PromptCacheTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("ivr-prompts-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteWav(string name, short value, int samples, DateTime lastWriteUtc)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, new WavBytes()
            .Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 16))
            .Chunk("data", WavBytes.Pcm16(Enumerable.Repeat(value, samples).ToArray()))
            .Build());
        File.SetLastWriteTimeUtc(path, lastWriteUtc);
        return path;
    }

    [Fact]
    public async Task GetAsync_ReturnsSameInstance_WhenFileIsUnchanged()
    {
        // Arrange
        var cache = new PromptCache();
        var path = WriteWav("welcome.wav", 100, 160, new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        // Act
        var first = await cache.GetAsync(path, CancellationToken.None).WaitAsync(Timeout);
        var second = await cache.GetAsync(path, CancellationToken.None).WaitAsync(Timeout);

        // Assert
        Assert.Same(first, second);
        Assert.Equal(100, first.Pcm.Span[0]);
        Assert.Equal(Path.GetFullPath(path), first.Name);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task GetAsync_DecodesOnce_WhenManyCallersAskAtOnce()
    {
        // Arrange
        var cache = new PromptCache();
        var path = WriteWav("busy.wav", 7, 8000, new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        // Act
        var prompts = await Task.WhenAll(Enumerable.Range(0, 32)
            .Select(_ => Task.Run(() => cache.GetAsync(path, CancellationToken.None)))).WaitAsync(Timeout);

        // Assert
        Assert.All(prompts, prompt => Assert.Same(prompts[0], prompt));
    }

    [Fact]
    public async Task GetAsync_Reloads_WhenLastWriteTimeChanges()
    {
        // Arrange
        var cache = new PromptCache();
        var path = WriteWav("menu.wav", 100, 160, new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var before = await cache.GetAsync(path, CancellationToken.None).WaitAsync(Timeout);
        WriteWav("menu.wav", 200, 160, new DateTime(2025, 1, 2, 0, 0, 0, DateTimeKind.Utc));

        // Act
        var after = await cache.GetAsync(path, CancellationToken.None).WaitAsync(Timeout);

        // Assert
        Assert.NotSame(before, after);
        Assert.Equal(200, after.Pcm.Span[0]);
        Assert.Equal(100, before.Pcm.Span[0]);
    }

    [Fact]
    public async Task GetAsync_ThrowsNamingTheFile_WhenFileIsNotWav()
    {
        // Arrange
        var cache = new PromptCache();
        var path = Path.Combine(_directory, "broken.wav");
        await File.WriteAllBytesAsync(path, new WavBytes().Chunk("data", [0, 0]).Build()).WaitAsync(Timeout);

        // Act
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => cache.GetAsync(path, CancellationToken.None)).WaitAsync(Timeout);

        // Assert
        Assert.Contains(Path.GetFullPath(path), error.Message, StringComparison.Ordinal);
        Assert.Contains("fmt chunk missing", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task GetAsync_Loads_WhenBrokenFileIsFixed()
    {
        // Arrange
        var cache = new PromptCache();
        var path = Path.Combine(_directory, "fixed.wav");
        await File.WriteAllBytesAsync(path, [1, 2, 3]).WaitAsync(Timeout);
        await Assert.ThrowsAsync<InvalidDataException>(() => cache.GetAsync(path, CancellationToken.None)).WaitAsync(Timeout);
        WriteWav("fixed.wav", 5, 160, new DateTime(2025, 1, 3, 0, 0, 0, DateTimeKind.Utc));

        // Act
        var prompt = await cache.GetAsync(path, CancellationToken.None).WaitAsync(Timeout);

        // Assert
        Assert.Equal(5, prompt.Pcm.Span[0]);
    }

    [Fact]
    public async Task GetAsync_ThrowsFileNotFound_WhenFileIsMissing()
    {
        // Arrange
        var cache = new PromptCache();
        var path = Path.Combine(_directory, "missing.wav");

        // Act
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => cache.GetAsync(path, CancellationToken.None)).WaitAsync(Timeout);

        // Assert
        Assert.Equal(Path.GetFullPath(path), error.FileName);
        Assert.Contains("missing.wav", error.Message, StringComparison.Ordinal);
    }
}
