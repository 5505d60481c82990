namespace IvrService.Media.Audio;

/// <summary>Sample encodings a WAV file may carry that the media stack reads and writes.</summary>
public enum WavEncoding
{
    /// <summary>16-bit signed little-endian linear PCM (format tag 1).</summary>
    Pcm16,

    /// <summary>8-bit unsigned linear PCM, 128 being silence (format tag 1).</summary>
    Pcm8,

    /// <summary>G.711 µ-law, one byte per sample (format tag 7).</summary>
    MuLaw,

    /// <summary>G.711 A-law, one byte per sample (format tag 6).</summary>
    ALaw,
}
