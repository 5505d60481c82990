namespace IvrService.Media.Audio;

/// <summary>
/// Audio read from a WAV file: mono 16-bit PCM at the file's own sample rate (several channels are averaged).
/// </summary>
/// <param name="Samples">The mono samples; the array belongs to the caller.</param>
/// <param name="SampleRate">Samples per second, as the file declares.</param>
/// <param name="SourceChannels">How many channels the file had before they were mixed to mono.</param>
/// <param name="SourceEncoding">How the file stored its samples.</param>
/// <param name="DataSizeRecovered">
/// True when the data chunk's declared size was 0, 0xFFFFFFFF, past the end of the file, or followed by audio
/// rather than a chunk — what a writer that crashed before updating its header leaves — and the size was taken
/// from the file instead.
/// </param>
public sealed record WavAudio(short[] Samples, int SampleRate, int SourceChannels, WavEncoding SourceEncoding, bool DataSizeRecovered)
{
    /// <summary>The length of the audio.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)Samples.Length / SampleRate);
}
