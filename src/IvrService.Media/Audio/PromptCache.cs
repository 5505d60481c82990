using System.Collections.Concurrent;
using System.Globalization;

namespace IvrService.Media.Audio;

/// <summary>
/// Loads prompt WAV files once and shares them. Thread-safe: concurrent first requests for a file decode it once.
/// A file whose last-write time or length changed is loaded again on its next request; a file that failed to load
/// is tried again on the next request.
/// </summary>
public sealed class PromptCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>How many files are cached.</summary>
    public int Count => _entries.Count;

    /// <summary>Returns the prompt in the file, loading it if it is not cached or changed since.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a WAV file this stack reads; the message names the file and the fault.</exception>
    public async Task<PromptAudio> GetAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var file = new FileInfo(fullPath);
        if (!file.Exists)
        {
            throw new FileNotFoundException(string.Create(CultureInfo.InvariantCulture, $"Prompt file '{fullPath}' was not found."), fullPath);
        }

        var lastWrite = file.LastWriteTimeUtc;
        var length = file.Length;
        var entry = _entries.AddOrUpdate(
            fullPath,
            static (key, stamp) => new Entry(key, stamp.LastWrite, stamp.Length),
            static (key, current, stamp) => current.LastWrite == stamp.LastWrite && current.Length == stamp.Length
                ? current
                : new Entry(key, stamp.LastWrite, stamp.Length),
            (LastWrite: lastWrite, Length: length));

        try
        {
            return await entry.Load.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _entries.TryRemove(KeyValuePair.Create(fullPath, entry));
            throw;
        }
    }

    /// <summary>Forgets every cached prompt.</summary>
    public void Clear() => _entries.Clear();

    private sealed class Entry(string path, DateTime lastWrite, long length)
    {
        public DateTime LastWrite { get; } = lastWrite;

        public long Length { get; } = length;

        // Loaded on first use and shared by every waiter; a caller's cancellation stops its wait, not the load.
        public Lazy<Task<PromptAudio>> Load { get; } = new(() => PromptAudio.FromWavFileAsync(path, CancellationToken.None));
    }
}
