using IvrService.Media.Audio;

namespace IvrService.Speech;

/// <summary>Speech rendered by a provider: 8 kHz mono 16-bit PCM samples.</summary>
/// <param name="Samples">The samples at <see cref="TelephonyAudio.SampleRate"/>.</param>
public sealed record SpeechAudio(ReadOnlyMemory<short> Samples)
{
    /// <summary>The length of the speech.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)Samples.Length / TelephonyAudio.SampleRate);
}
