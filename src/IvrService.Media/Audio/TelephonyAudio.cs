namespace IvrService.Media.Audio;

/// <summary>
/// The audio shape the media stack agrees on: 16-bit signed linear PCM at 8000 Hz mono, sent in 20 ms frames
/// of 160 samples, which G.711 turns into 160 bytes.
/// </summary>
public static class TelephonyAudio
{
    /// <summary>Samples per second.</summary>
    public const int SampleRate = 8000;

    /// <summary>Samples (and G.711 bytes) in one 20 ms frame.</summary>
    public const int FrameSamples = 160;

    /// <summary>Length of one frame in milliseconds.</summary>
    public const int FrameMilliseconds = 20;

    /// <summary>Length of one frame.</summary>
    public static TimeSpan FrameDuration { get; } = TimeSpan.FromMilliseconds(FrameMilliseconds);

    /// <summary>The µ-law code for silence (positive zero).</summary>
    public const byte MuLawSilence = 0xFF;

    /// <summary>The A-law code for silence (the smallest positive level, 0x80 with the even bits inverted).</summary>
    public const byte ALawSilence = 0xD5;
}
