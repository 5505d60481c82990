using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using IvrService.Media.Audio;
using IvrService.Speech.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IvrService.Speech;

/// <summary>
/// Text-to-speech with espeak-ng, run as a local program: offline, Persian (<c>fa</c>) and English (<c>en-us</c>) voices.
/// The text goes to the program's standard input (never through a shell or the command line); its WAV output
/// (22050 Hz) is resampled to 8 kHz.
/// </summary>
public sealed class EspeakNgTextToSpeech : ITextToSpeech
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly SpeechOptions _options;
    private readonly ILogger _logger;

    public EspeakNgTextToSpeech(SpeechOptions options, ILogger<EspeakNgTextToSpeech>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger ?? NullLogger<EspeakNgTextToSpeech>.Instance;
    }

    /// <inheritdoc />
    public string Name => SpeechProviders.Espeak;

    /// <inheritdoc />
    public string GetVoice(string language)
    {
        ArgumentNullException.ThrowIfNull(language);
        if (_options.EspeakVoices.TryGetValue(language, out var voice) && !string.IsNullOrWhiteSpace(voice))
        {
            return voice.Trim();
        }

        var dash = language.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 && _options.EspeakVoices.TryGetValue(language[..dash], out voice) && !string.IsNullOrWhiteSpace(voice))
        {
            return voice.Trim();
        }

        throw new TextToSpeechException(
            $"No espeak-ng voice for language '{language}': set {SpeechOptions.SectionName}:{nameof(SpeechOptions.EspeakVoices)}:{language} (for example 'fa' or 'en-us').");
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
        var program = _options.EspeakPath;
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardInputEncoding = Utf8NoBom,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-v");
        start.ArgumentList.Add(voice);
        start.ArgumentList.Add("-b");
        start.ArgumentList.Add("1"); // the input is UTF-8
        start.ArgumentList.Add("--stdout");

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new TextToSpeechException(
                $"espeak-ng could not be started as '{program}' ({e.Message}): install espeak-ng (apt-get install espeak-ng) or set {SpeechOptions.SectionName}:{nameof(SpeechOptions.EspeakPath)} to its path.",
                e);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RenderTimeout);
        try
        {
            var output = new MemoryStream();
            var reading = process.StandardOutput.BaseStream.CopyToAsync(output, timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await WriteTextAsync(process, text, timeout.Token).ConfigureAwait(false);
            await Task.WhenAll(reading, errors).ConfigureAwait(false);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);

            var stderr = (await errors.ConfigureAwait(false)).Trim();
            if (process.ExitCode != 0)
            {
                throw new TextToSpeechException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"espeak-ng ('{program}', voice '{voice}') failed with exit code {process.ExitCode}: {(stderr.Length == 0 ? "no message" : stderr)}"));
            }

            if (stderr.Length > 0)
            {
                Log.EspeakStderr(_logger, stderr);
            }

            return Decode(output.GetBuffer().AsSpan(0, (int)output.Length), voice);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new TextToSpeechException(string.Create(
                CultureInfo.InvariantCulture,
                $"espeak-ng ('{program}', voice '{voice}') did not finish within {SpeechOptions.SectionName}:{nameof(SpeechOptions.RenderTimeout)} ({_options.RenderTimeout})."));
        }
        catch (IOException e)
        {
            Kill(process);
            throw new TextToSpeechException($"espeak-ng ('{program}', voice '{voice}') stopped unexpectedly: {e.Message}", e);
        }
    }

    private static async Task WriteTextAsync(Process process, string text, CancellationToken cancellationToken)
    {
        var input = process.StandardInput;
        try
        {
            await input.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            await input.WriteAsync(Environment.NewLine.AsMemory(), cancellationToken).ConfigureAwait(false);
            await input.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The program closed its input early (it failed at start); its exit code and stderr say why.
        }
        finally
        {
            try
            {
                input.Close();
            }
            catch (IOException)
            {
                // as above
            }
        }
    }

    private static SpeechAudio Decode(ReadOnlySpan<byte> wav, string voice)
    {
        if (!WavReader.TryRead(wav, out var audio, out var error))
        {
            throw new TextToSpeechException($"espeak-ng (voice '{voice}') did not write a usable WAV file: {error}.");
        }

        if (audio!.Samples.Length == 0)
        {
            throw new TextToSpeechException($"espeak-ng (voice '{voice}') wrote no audio.");
        }

        return new SpeechAudio(Resampler.ToMono8k(audio.Samples, audio.SampleRate, 1));
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // it exited in the meantime
        }
        catch (Win32Exception)
        {
            // it is exiting and cannot be signalled any more
        }
    }
}
