using System.Collections.Concurrent;
using IvrService.Media.Audio;
using IvrService.Speech.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IvrService.Speech;

/// <summary>
/// Finds the audio of a prompt: <c>&lt;prompts root&gt;/&lt;language&gt;/&lt;key&gt;.wav</c> when it exists, otherwise the
/// prompt's text rendered once by the configured text-to-speech provider and cached as an 8 kHz WAV file.
/// </summary>
/// <remarks>
/// Renders are cached as <c>&lt;cache&gt;/&lt;provider&gt;/&lt;language&gt;/&lt;key&gt;-&lt;hash&gt;.wav</c>, the hash taken over the
/// provider, the voice and the text, so a changed text or voice renders anew and the old file is simply no longer used.
/// Concurrent requests for the same prompt share one render; a render is written to a temporary file and moved into
/// place, so a reader never sees half a file. A render is not cancelled when one of its waiters gives up — the others
/// still want it — only when the library is disposed. Thread-safe.
/// </remarks>
public sealed class PromptLibrary : IDisposable
{
    private const string WavExtension = ".wav";

    private readonly ConcurrentDictionary<string, Lazy<Task>> _renders = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly string? _promptsDirectory;
    private readonly string? _recordingsDirectory;
    private readonly string? _cacheDirectory;
    private readonly ITextToSpeech _textToSpeech;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Makes a library over the directories in the options, rendering with the given provider.</summary>
    public PromptLibrary(SpeechOptions options, ITextToSpeech textToSpeech, TimeProvider? timeProvider = null, ILogger<PromptLibrary>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(textToSpeech);
        _promptsDirectory = string.IsNullOrWhiteSpace(options.PromptsDirectory) ? null : Path.GetFullPath(options.PromptsDirectory);
        _cacheDirectory = string.IsNullOrWhiteSpace(options.CacheDirectory) ? null : Path.GetFullPath(options.CacheDirectory);
        _recordingsDirectory = string.IsNullOrWhiteSpace(options.RecordingsDirectory) ? _promptsDirectory : Path.GetFullPath(options.RecordingsDirectory);
        _textToSpeech = textToSpeech;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<PromptLibrary>.Instance;
    }

    /// <summary>The provider that renders prompts without a recorded file.</summary>
    public ITextToSpeech TextToSpeech => _textToSpeech;

    /// <summary>The path of a playable 8 kHz mono WAV file for the prompt.</summary>
    /// <exception cref="ArgumentException">The language or key is not a safe file name (a '/', '..', …).</exception>
    /// <exception cref="TextToSpeechException">There is no recorded file and the text could not be rendered.</exception>
    public async Task<string> GetAudioFileAsync(string language, string key, string text, CancellationToken cancellationToken)
    {
        var file = await ResolveAsync(language, key, text, cancellationToken).ConfigureAwait(false);
        return file.Path;
    }

    /// <summary>Like <see cref="GetAudioFileAsync"/>, also telling whether the file is recorded, cached or rendered now.</summary>
    /// <exception cref="ArgumentException">The language or key is not a safe file name (a '/', '..', …).</exception>
    /// <exception cref="TextToSpeechException">There is no recorded file and the text could not be rendered.</exception>
    public async Task<PromptFile> ResolveAsync(string language, string key, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ValidateName(language, nameof(language), "language", allowDots: false);
        ValidateName(key, nameof(key), "key", allowDots: true);
        ObjectDisposedException.ThrowIf(_lifetime.IsCancellationRequested, this);

        if (await FindRecordedAsync(language, key, cancellationToken).ConfigureAwait(false) is { } found)
        {
            return found;
        }

        var recorded = _recordingsDirectory is null ? null : Path.Combine(_recordingsDirectory, language, key + WavExtension);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new TextToSpeechException(recorded is null
                ? $"Prompt {language}/{key} has no text to render and {SpeechOptions.SectionName}:{nameof(SpeechOptions.PromptsDirectory)} is not set."
                : $"Prompt {language}/{key} has no recorded file ({recorded}) and no text to render.");
        }

        var path = CachePath(language, key, text);
        if (File.Exists(path))
        {
            return new PromptFile(path, PromptSource.Cached);
        }

        await RenderSharedAsync(language, key, text, path, cancellationToken).ConfigureAwait(false);
        return new PromptFile(path, PromptSource.Rendered);
    }

    /// <summary>Renders into <paramref name="path"/>, sharing a render already under way for the same file.</summary>
    private async Task RenderSharedAsync(string language, string key, string text, string path, CancellationToken cancellationToken)
    {
        var render = _renders.GetOrAdd(path, p => new Lazy<Task>(() => RenderAsync(language, key, text, p)));
        try
        {
            await render.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (render.Value.IsCompleted)
            {
                _renders.TryRemove(KeyValuePair.Create(path, render));
            }
        }
    }

    /// <summary>The uploaded recording of the prompt, else the shipped one; null when neither is a WAV file.</summary>
    private async Task<PromptFile?> FindRecordedAsync(string language, string key, CancellationToken cancellationToken)
    {
        foreach (var folder in new[] { _recordingsDirectory, _promptsDirectory }.Distinct(StringComparer.Ordinal))
        {
            if (folder is null)
            {
                continue;
            }

            var path = Path.Combine(folder, language, key + WavExtension);
            if (await IsRecordedWavAsync(path, cancellationToken).ConfigureAwait(false))
            {
                return new PromptFile(path, PromptSource.Recorded);
            }
        }

        return null;
    }

    /// <summary>Null when <paramref name="key"/> can be a prompt key (and so a file name); otherwise why it cannot.</summary>
    public static string? KeyProblem(string? key) => PromptFileNames.Problem(key, allowDots: true);

    /// <summary>The folder of shipped recorded prompts (<c>&lt;folder&gt;/&lt;language&gt;/&lt;key&gt;.wav</c>); null when none is configured.</summary>
    public string? PromptsDirectory => _promptsDirectory;

    /// <summary>The writable folder uploaded recordings go to (the shipped folder when no other is configured).</summary>
    public string? RecordingsDirectory => _recordingsDirectory;

    /// <summary>
    /// The recorded or already rendered file of the prompt, as <see cref="ResolveAsync"/> would find it, without
    /// rendering anything; null when the prompt has neither yet (or no text to find a render by).
    /// </summary>
    /// <exception cref="ArgumentException">The language or key is not a safe file name.</exception>
    public async Task<PromptFile?> FindAsync(string language, string key, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ValidateName(language, nameof(language), "language", allowDots: false);
        ValidateName(key, nameof(key), "key", allowDots: true);
        if (await FindRecordedAsync(language, key, cancellationToken).ConfigureAwait(false) is { } found)
        {
            return found;
        }

        if (string.IsNullOrWhiteSpace(text) || _cacheDirectory is null)
        {
            return null;
        }

        string path;
        try
        {
            path = CachePath(language, key, text);
        }
        catch (TextToSpeechException)
        {
            // no voice for the language: nothing can have been rendered for it
            return null;
        }

        return File.Exists(path) ? new PromptFile(path, PromptSource.Cached) : null;
    }

    /// <summary>
    /// Renders the prompt's text into the cache now, whether or not a recorded file exists (it is left in place and
    /// still preferred). An existing render of the same text and voice is kept unless <paramref name="force"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The language or key is not a safe file name.</exception>
    /// <exception cref="TextToSpeechException">The text is empty, or could not be rendered.</exception>
    public async Task<PromptFile> RenderAsync(string language, string key, string text, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ValidateName(language, nameof(language), "language", allowDots: false);
        ValidateName(key, nameof(key), "key", allowDots: true);
        ObjectDisposedException.ThrowIf(_lifetime.IsCancellationRequested, this);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new TextToSpeechException($"Prompt {language}/{key} has no text to render.");
        }

        var path = CachePath(language, key, text);
        if (!force && File.Exists(path))
        {
            return new PromptFile(path, PromptSource.Cached);
        }

        await RenderSharedAsync(language, key, text, path, cancellationToken).ConfigureAwait(false);
        return new PromptFile(path, PromptSource.Rendered);
    }

    /// <summary>
    /// Stores 8 kHz mono samples as the prompt's recorded file, which from then on is preferred to any render. The
    /// file is written beside its place and moved over it, so a call never reads half a file; its last-write time is
    /// always later than the one of the file it replaces, so caches that key on path and time load it anew.
    /// </summary>
    /// <returns>The path of the recorded file.</returns>
    /// <exception cref="ArgumentException">The language or key is not a safe file name, or there are no samples.</exception>
    /// <exception cref="InvalidOperationException">No prompts folder is configured.</exception>
    public async Task<string> SaveRecordingAsync(string language, string key, ReadOnlyMemory<short> samples, CancellationToken cancellationToken)
    {
        var path = RecordedPath(language, key);
        if (samples.IsEmpty)
        {
            throw new ArgumentException($"Prompt {language}/{key}: a recording needs audio.", nameof(samples));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            var writer = new WavWriter(stream, new WavWriterOptions { HeaderUpdateInterval = int.MaxValue, FlushToDisk = true });
            await using (writer.ConfigureAwait(false))
            {
                writer.Append(samples.Span);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (File.Exists(path))
            {
                var replaced = File.GetLastWriteTimeUtc(path);
                if (File.GetLastWriteTimeUtc(temporary) <= replaced)
                {
                    File.SetLastWriteTimeUtc(temporary, replaced.AddMilliseconds(1));
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        Log.RecordingSaved(_logger, language, key, (long)(samples.Length * 1000.0 / TelephonyAudio.SampleRate), path);
        return path;
    }

    /// <summary>
    /// Removes the prompt's uploaded recording, so the shipped recording (if any) or its rendered text plays
    /// instead; false when it had none.
    /// </summary>
    /// <exception cref="ArgumentException">The language or key is not a safe file name.</exception>
    /// <exception cref="InvalidOperationException">No prompts folder is configured.</exception>
    public Task<bool> DeleteRecordingAsync(string language, string key, CancellationToken cancellationToken)
    {
        var path = RecordedPath(language, key);
        cancellationToken.ThrowIfCancellationRequested();
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        Log.RecordingDeleted(_logger, language, key, path);
        return Task.FromResult(true);
    }

    /// <summary>The keys of a language that have a recorded file, in ordinal order (none when no prompts folder is configured).</summary>
    /// <exception cref="ArgumentException">The language is not a safe file name.</exception>
    public Task<IReadOnlyList<string>> ListRecordedKeysAsync(string language, CancellationToken cancellationToken)
    {
        ValidateName(language, nameof(language), "language", allowDots: false);
        cancellationToken.ThrowIfCancellationRequested();
        var folders = new[] { _recordingsDirectory, _promptsDirectory }
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Select(root => Path.Combine(root, language))
            .Where(Directory.Exists);
        IReadOnlyList<string> keys = [.. folders.SelectMany(folder => Directory.EnumerateFiles(folder, "*" + WavExtension))
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(name => PromptFileNames.Problem(name, allowDots: true) is null)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
        return Task.FromResult(keys);
    }

    /// <summary>Where an uploaded recording of the prompt is kept (whether or not it exists): the recordings folder.</summary>
    /// <exception cref="ArgumentException">The language or key is not a safe file name.</exception>
    /// <exception cref="InvalidOperationException">No prompts folder is configured.</exception>
    public string RecordedPath(string language, string key)
    {
        ValidateName(language, nameof(language), "language", allowDots: false);
        ValidateName(key, nameof(key), "key", allowDots: true);
        if (_recordingsDirectory is null)
        {
            throw new InvalidOperationException(
                $"{SpeechOptions.SectionName}:{nameof(SpeechOptions.RecordingsDirectory)} is not set: there is no folder for recorded prompts.");
        }

        return Path.Combine(_recordingsDirectory, language, key + WavExtension);
    }

    /// <summary>
    /// Makes every prompt of a catalog ready, one after another, rendering those without a recorded or cached file.
    /// A prompt that fails is reported and the others still go on.
    /// </summary>
    public async Task<PromptWarmResult> WarmAsync(IEnumerable<PromptText> prompts, IProgress<PromptWarmProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        var list = prompts as IReadOnlyList<PromptText> ?? [.. prompts];
        int recorded = 0, cached = 0, rendered = 0;
        var failures = new List<PromptWarmFailure>();
        for (var i = 0; i < list.Count; i++)
        {
            var prompt = list[i];
            PromptFile? file = null;
            string? error = null;
            try
            {
                file = await ResolveAsync(prompt.Language, prompt.Key, prompt.Text, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TextToSpeechException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                error = e.Message;
                failures.Add(new PromptWarmFailure(prompt, error));
            }

            switch (file?.Source)
            {
                case PromptSource.Recorded:
                    recorded++;
                    break;
                case PromptSource.Cached:
                    cached++;
                    break;
                case PromptSource.Rendered:
                    rendered++;
                    break;
            }

            progress?.Report(new PromptWarmProgress(i + 1, list.Count, prompt, file, error));
        }

        Log.PromptsWarmed(_logger, recorded, cached, rendered, failures.Count);
        return new PromptWarmResult(recorded, cached, rendered, failures);
    }

    /// <summary>Like <see cref="WarmAsync(IEnumerable{PromptText}, IProgress{PromptWarmProgress}?, CancellationToken)"/> for (language, key, text) triples.</summary>
    public Task<PromptWarmResult> WarmAsync(
        IEnumerable<(string Language, string Key, string Text)> prompts, IProgress<PromptWarmProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        return WarmAsync(prompts.Select(p => new PromptText(p.Language, p.Key, p.Text)), progress, cancellationToken);
    }

    /// <summary>Cancels renders in progress.</summary>
    public void Dispose()
    {
        if (!_lifetime.IsCancellationRequested)
        {
            _lifetime.Cancel();
        }

        _lifetime.Dispose();
    }

    private string CachePath(string language, string key, string text)
    {
        if (_cacheDirectory is null)
        {
            throw new TextToSpeechException(
                $"Prompt {language}/{key} must be rendered but {SpeechOptions.SectionName}:{nameof(SpeechOptions.CacheDirectory)} is not set.");
        }

        var provider = _textToSpeech.Name;
        var voice = _textToSpeech.GetVoice(language);
        var hash = PromptFileNames.RenderHash(provider, voice, text);
        return Path.Combine(_cacheDirectory, provider, language, key + "-" + hash + WavExtension);
    }

    private async Task RenderAsync(string language, string key, string text, string path)
    {
        var started = _timeProvider.GetTimestamp();
        var provider = _textToSpeech.Name;
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            var token = _lifetime.Token;
            var audio = await _textToSpeech.SynthesizeAsync(text, language, token).ConfigureAwait(false);
            if (audio.Samples.IsEmpty)
            {
                throw new TextToSpeechException($"{provider} rendered no audio for prompt {language}/{key}.");
            }

            audio = new SpeechAudio(SilenceTrimmer.Trim(audio.Samples));

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var writer = WavWriter.Create(temporary, new WavWriterOptions { HeaderUpdateInterval = int.MaxValue }))
            {
                writer.Append(audio.Samples.Span);
            }

            File.Move(temporary, path, overwrite: true);
            var elapsed = _timeProvider.GetElapsedTime(started);
            Log.PromptRendered(_logger, language, key, provider, _textToSpeech.GetVoice(language), (long)elapsed.TotalMilliseconds, (long)audio.Duration.TotalMilliseconds, path);
            SpeechMetrics.Render(provider, succeeded: true, elapsed);
        }
        catch (Exception e)
        {
            TryDelete(temporary);
            if (e is not OperationCanceledException)
            {
                Log.PromptRenderFailed(_logger, e, language, key, provider);
                SpeechMetrics.Render(provider, succeeded: false, _timeProvider.GetElapsedTime(started));
            }

            if (e is IOException or UnauthorizedAccessException)
            {
                throw new TextToSpeechException($"Prompt {language}/{key} was rendered but could not be written to {path}: {e.Message}", e);
            }

            throw;
        }
    }

    private async Task<bool> IsRecordedWavAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        var header = new byte[12];
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 16, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (read < header.Length)
                {
                    Log.RecordedPromptUnusable(_logger, path, "shorter than a RIFF header");
                    return false;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.RecordedPromptUnusable(_logger, path, e.Message);
            return false;
        }

        if (!header.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !header.AsSpan(8, 4).SequenceEqual("WAVE"u8))
        {
            Log.RecordedPromptUnusable(_logger, path, "no RIFF/WAVE header");
            return false;
        }

        return true;
    }

    private static void ValidateName(string value, string parameter, string what, bool allowDots)
    {
        ArgumentNullException.ThrowIfNull(value, parameter);
        var problem = PromptFileNames.Problem(value, allowDots);
        if (problem is not null)
        {
            throw new ArgumentException($"Prompt {what} '{value}' cannot name a file: {problem}.", parameter);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a leftover temporary file is harmless; the next render uses another name
        }
    }
}
