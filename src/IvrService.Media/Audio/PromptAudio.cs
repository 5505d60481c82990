using System.Globalization;

namespace IvrService.Media.Audio;

/// <summary>
/// A prompt ready to play: 8 kHz mono PCM with its µ-law and A-law encodings made once, at load, so the RTP path
/// only copies 160-byte frames. Immutable and safe to share between calls.
/// </summary>
/// <remarks>
/// The audio is padded with silence to a whole number of 20 ms frames, so every frame is full.
/// </remarks>
public sealed class PromptAudio
{
    private readonly short[] _pcm;
    private readonly byte[] _muLaw;
    private readonly byte[] _aLaw;

    private PromptAudio(string name, short[] pcm)
    {
        Name = name;
        _pcm = pcm;
        _muLaw = new byte[pcm.Length];
        _aLaw = new byte[pcm.Length];
        G711.EncodeMuLaw(pcm, _muLaw);
        G711.EncodeALaw(pcm, _aLaw);
    }

    /// <summary>What the prompt is called in logs and errors (a file path for loaded files).</summary>
    public string Name { get; }

    /// <summary>The 8 kHz mono samples.</summary>
    public ReadOnlyMemory<short> Pcm => _pcm;

    /// <summary>The samples encoded as µ-law, one byte each.</summary>
    public ReadOnlyMemory<byte> MuLaw => _muLaw;

    /// <summary>The samples encoded as A-law, one byte each.</summary>
    public ReadOnlyMemory<byte> ALaw => _aLaw;

    /// <summary>How many 20 ms frames the prompt holds.</summary>
    public int FrameCount => _pcm.Length / TelephonyAudio.FrameSamples;

    /// <summary>The length of the prompt.</summary>
    public TimeSpan Duration => TimeSpan.FromMilliseconds((double)FrameCount * TelephonyAudio.FrameMilliseconds);

    /// <summary>The whole prompt in one law.</summary>
    public ReadOnlyMemory<byte> Encoded(G711Law law) => law == G711Law.MuLaw ? _muLaw : _aLaw;

    /// <summary>One encoded 20 ms frame (160 bytes), without copying or allocating.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not a frame of this prompt.</exception>
    public ReadOnlySpan<byte> GetFrame(G711Law law, int frameIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frameIndex, FrameCount);
        var codes = law == G711Law.MuLaw ? _muLaw : _aLaw;
        return codes.AsSpan(frameIndex * TelephonyAudio.FrameSamples, TelephonyAudio.FrameSamples);
    }

    /// <summary>Makes a prompt from PCM at any rate and channel count (interleaved), resampling to 8 kHz mono.</summary>
    /// <exception cref="ArgumentException">The rate or channel count is not positive, or the samples are not whole frames.</exception>
    public static PromptAudio FromPcm(string name, ReadOnlySpan<short> samples, int sampleRate = TelephonyAudio.SampleRate, int channels = 1)
    {
        ArgumentNullException.ThrowIfNull(name);
        var mono8k = Resampler.Resample(samples, sampleRate, channels, TelephonyAudio.SampleRate);
        return new PromptAudio(name, PadToFrames(mono8k));
    }

    /// <summary>Makes a prompt from audio already read from a WAV file.</summary>
    public static PromptAudio FromWav(string name, WavAudio audio)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(audio);
        // Always a fresh array (a plain copy at 8 kHz), so the caller's WavAudio cannot change the prompt.
        var mono8k = Resampler.ToMono8k(audio.Samples, audio.SampleRate, 1);
        return new PromptAudio(name, PadToFrames(mono8k));
    }

    /// <summary>Makes a prompt from the bytes of a WAV file.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a WAV file this stack reads; the message names the prompt and the fault.</exception>
    public static PromptAudio FromWav(string name, ReadOnlySpan<byte> wav)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!WavReader.TryRead(wav, out var audio, out var error))
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Prompt '{name}' is not a usable WAV file: {error}."));
        }

        return FromWav(name, audio!);
    }

    /// <summary>Loads a prompt from a WAV file; its path becomes its name.</summary>
    /// <exception cref="InvalidDataException">The file is not a WAV file this stack reads; the message names the file and the fault.</exception>
    public static async Task<PromptAudio> FromWavFileAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return FromWav(path, bytes);
    }

    /// <summary>Digital silence of at least the given length (rounded up to whole frames).</summary>
    public static PromptAudio Silence(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var frames = (int)Math.Ceiling(duration.TotalMilliseconds / TelephonyAudio.FrameMilliseconds);
        var name = string.Create(CultureInfo.InvariantCulture, $"silence {frames * TelephonyAudio.FrameMilliseconds} ms");
        return new PromptAudio(name, new short[frames * TelephonyAudio.FrameSamples]);
    }

    private static short[] PadToFrames(short[] samples)
    {
        var remainder = samples.Length % TelephonyAudio.FrameSamples;
        if (remainder == 0)
        {
            return samples;
        }

        var padded = new short[samples.Length + TelephonyAudio.FrameSamples - remainder];
        samples.CopyTo(padded, 0);
        return padded;
    }
}
