using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using IvrService.Media.Audio;

namespace IvrService.Speech.Internal;

/// <summary>An Azure Speech output format this service can turn into 8 kHz PCM, and the decoding of its bytes.</summary>
internal sealed record AzureOutputFormat(string Name, bool IsRiff, WavEncoding Encoding, int SampleRate)
{
    private static readonly AzureOutputFormat[] Supported =
    [
        new("riff-8khz-16bit-mono-pcm", IsRiff: true, WavEncoding.Pcm16, 8000),
        new("raw-8khz-16bit-mono-pcm", IsRiff: false, WavEncoding.Pcm16, 8000),
        new("riff-8khz-8bit-mono-mulaw", IsRiff: true, WavEncoding.MuLaw, 8000),
        new("raw-8khz-8bit-mono-mulaw", IsRiff: false, WavEncoding.MuLaw, 8000),
        new("riff-8khz-8bit-mono-alaw", IsRiff: true, WavEncoding.ALaw, 8000),
        new("raw-8khz-8bit-mono-alaw", IsRiff: false, WavEncoding.ALaw, 8000),
        new("riff-16khz-16bit-mono-pcm", IsRiff: true, WavEncoding.Pcm16, 16000),
        new("riff-24khz-16bit-mono-pcm", IsRiff: true, WavEncoding.Pcm16, 24000),
    ];

    /// <summary>The supported names, for error messages.</summary>
    public static string SupportedList { get; } = string.Join(", ", Array.ConvertAll(Supported, f => f.Name));

    public static bool TryParse(string? name, [NotNullWhen(true)] out AzureOutputFormat? format)
    {
        foreach (var candidate in Supported)
        {
            if (string.Equals(candidate.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                format = candidate;
                return true;
            }
        }

        format = null;
        return false;
    }

    /// <summary>Decodes a response body to 8 kHz mono samples; false with the reason when the bytes do not fit the format.</summary>
    public bool TryDecode(ReadOnlySpan<byte> body, [NotNullWhen(true)] out short[]? samples, [NotNullWhen(false)] out string? error)
    {
        samples = null;
        if (IsRiff)
        {
            if (!WavReader.TryRead(body, out var audio, out var wavError))
            {
                error = "not a WAV file: " + wavError;
                return false;
            }

            samples = Resampler.ToMono8k(audio!.Samples, audio.SampleRate, 1);
            error = null;
            return true;
        }

        if (Encoding == WavEncoding.Pcm16)
        {
            if (body.Length % 2 != 0)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"{body.Length} bytes are not whole 16-bit samples");
                return false;
            }

            samples = new short[body.Length / 2];
            for (var i = 0; i < samples.Length; i++)
            {
                samples[i] = BinaryPrimitives.ReadInt16LittleEndian(body[(2 * i)..]);
            }
        }
        else
        {
            samples = new short[body.Length];
            G711.Decode(Encoding == WavEncoding.MuLaw ? G711Law.MuLaw : G711Law.ALaw, body, samples);
        }

        error = null;
        return true;
    }
}
