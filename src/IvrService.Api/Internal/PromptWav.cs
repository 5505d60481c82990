using System.Globalization;
using IvrService.Media.Audio;

namespace IvrService.Api.Internal;

/// <summary>
/// Checks an uploaded prompt file and turns it into what calls play: 8 kHz mono 16-bit samples. Accepted: RIFF/WAVE,
/// mono, either 16-bit PCM at 8000, 16000, 22050, 44100 or 48000 Hz (other rates than 8000 are resampled), or G.711
/// µ-law / A-law at 8000 Hz. Anything else is refused with what was found.
/// </summary>
internal static class PromptWav
{
    /// <summary>The sample rates accepted for 16-bit PCM.</summary>
    public static readonly IReadOnlyList<int> PcmRates = [8000, 16000, 22050, 44100, 48000];

    /// <summary>
    /// The file's audio at 8 kHz, and a description of what it was (for the audit log); or false and what is wrong.
    /// </summary>
    public static bool TryConvert(ReadOnlySpan<byte> file, out short[] samples, out string description, out string? error)
    {
        samples = [];
        description = "";
        if (!WavReader.TryRead(file, out var audio, out var readError) || audio is null)
        {
            error = "is not a WAV file a prompt can be made of: " + readError;
            return false;
        }

        var rate = audio.SampleRate;
        var found = string.Create(CultureInfo.InvariantCulture, $"{EncodingName(audio.SourceEncoding)}, {rate} Hz, {audio.SourceChannels} channel(s)");
        if (audio.SourceChannels != 1)
        {
            error = $"holds {found}; a prompt must be mono (one channel)";
            return false;
        }

        switch (audio.SourceEncoding)
        {
            case WavEncoding.Pcm8:
                error = $"holds {found}; a prompt must be 16-bit PCM or G.711 µ-law/A-law";
                return false;
            case WavEncoding.MuLaw or WavEncoding.ALaw when rate != TelephonyAudio.SampleRate:
                error = $"holds {found}; G.711 must be 8000 Hz";
                return false;
            case WavEncoding.Pcm16 when !PcmRates.Contains(rate):
                error = $"holds {found}; 16-bit PCM must be 8000, 16000, 22050, 44100 or 48000 Hz";
                return false;
        }

        if (audio.Samples.Length == 0)
        {
            error = $"holds {found} but no audio (the data chunk is empty)";
            return false;
        }

        samples = rate == TelephonyAudio.SampleRate ? audio.Samples : Resampler.ToMono8k(audio.Samples, rate, 1);
        if (samples.Length == 0)
        {
            error = $"holds {found} but less than one sample at 8000 Hz";
            return false;
        }

        description = string.Create(
            CultureInfo.InvariantCulture,
            $"{found}, {audio.Duration.TotalSeconds:0.00} s{(rate == TelephonyAudio.SampleRate ? "" : ", resampled to 8000 Hz")}");
        error = null;
        return true;
    }

    private static string EncodingName(WavEncoding encoding) => encoding switch
    {
        WavEncoding.Pcm16 => "16-bit PCM",
        WavEncoding.Pcm8 => "8-bit PCM",
        WavEncoding.MuLaw => "G.711 µ-law",
        _ => "G.711 A-law",
    };
}
