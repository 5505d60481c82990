namespace IvrService.Media.Audio;

/// <summary>
/// Low-level noise to send in gaps between prompts, so the line does not sound dead (the caller's cue that a call
/// dropped). A short loop of noise frames is generated and encoded once; frames are fetched by number without allocating.
/// </summary>
public sealed class ComfortNoise
{
    /// <summary>The default level: quiet room noise, well under speech (about −20 dBov) and audible on a quiet line.</summary>
    public const double DefaultLevelDbov = -65;

    private readonly PromptAudio _loop;

    /// <summary>Generates <paramref name="frameCount"/> frames of white noise at <paramref name="levelDbov"/> (RMS relative to full scale).</summary>
    public ComfortNoise(double levelDbov = DefaultLevelDbov, int frameCount = 50, uint seed = 0x9E3779B9)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(levelDbov, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCount, 1);
        ArgumentOutOfRangeException.ThrowIfZero(seed);

        LevelDbov = levelDbov;
        var rms = short.MaxValue * Math.Pow(10, levelDbov / 20);
        var samples = new short[frameCount * TelephonyAudio.FrameSamples];
        var state = seed;
        for (var i = 0; i < samples.Length; i++)
        {
            // The sum of three uniform values in [-1, 1) has unit variance and a near-Gaussian shape.
            var sum = NextUniform(ref state) + NextUniform(ref state) + NextUniform(ref state);
            samples[i] = (short)Math.Clamp(Math.Round(sum * rms), short.MinValue, short.MaxValue);
        }

        _loop = PromptAudio.FromPcm("comfort noise", samples);
    }

    /// <summary>A shared generator at the default level.</summary>
    public static ComfortNoise Default { get; } = new();

    /// <summary>The noise level, in dB relative to full scale.</summary>
    public double LevelDbov { get; }

    /// <summary>How many distinct frames the loop holds.</summary>
    public int FrameCount => _loop.FrameCount;

    /// <summary>The loop as a prompt, for players that take prompts.</summary>
    public PromptAudio Loop => _loop;

    /// <summary>The encoded frame for a running frame number (the loop repeats).</summary>
    public ReadOnlySpan<byte> GetFrame(G711Law law, long frameNumber)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameNumber);
        return _loop.GetFrame(law, (int)(frameNumber % _loop.FrameCount));
    }

    private static double NextUniform(ref uint state)
    {
        // xorshift32 (Marsaglia, 2003): plenty for noise, deterministic across runtimes.
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return (state / 2147483648.0) - 1.0;
    }
}
