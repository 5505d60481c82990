namespace IvrService.Media;

public enum RecordingLayout
{
    /// <summary>Caller on the left channel, IVR on the right.</summary>
    Stereo,

    /// <summary>Caller and IVR mixed into one channel.</summary>
    Mono,
}
