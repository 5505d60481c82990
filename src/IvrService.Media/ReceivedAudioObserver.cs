namespace IvrService.Media;

/// <summary>
/// Sees one 20 ms frame (160 samples at 8 kHz) of the peer's decoded audio on the media clock;
/// <paramref name="received"/> is false when nothing arrived in time and the frame is silence.
/// </summary>
public delegate void ReceivedAudioObserver(ReadOnlySpan<short> frame, bool received);
