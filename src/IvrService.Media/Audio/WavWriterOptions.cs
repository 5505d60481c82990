namespace IvrService.Media.Audio;

/// <summary>How a <see cref="WavWriter"/> lays out its file and how often it makes the file readable.</summary>
public sealed record WavWriterOptions
{
    /// <summary>Samples per second per channel; 8000 by default.</summary>
    public int SampleRate { get; init; } = TelephonyAudio.SampleRate;

    /// <summary>1 (mono) or 2 (stereo, for example caller left and IVR right).</summary>
    public int Channels { get; init; } = 1;

    /// <summary>How samples are stored.</summary>
    public WavEncoding Encoding { get; init; } = WavEncoding.Pcm16;

    /// <summary>
    /// The header's sizes are rewritten after this many appends, and the file flushed to the operating system;
    /// 50 appends of 20 ms frames is once a second, which bounds what a crash leaves out of the header.
    /// </summary>
    public int HeaderUpdateInterval { get; init; } = 50;

    /// <summary>Also ask the operating system to put the file on disk at each header update (survives power loss; costs a sync).</summary>
    public bool FlushToDisk { get; init; }
}
