namespace IvrService.Media.Playback;

/// <summary>Something that sends one packet per clock tick (a call's outgoing RTP stream).</summary>
public interface IPacedStream
{
    /// <summary>
    /// Called once per tick on a clock loop thread. Must not block: build the packet, send it with a
    /// non-blocking socket call, return.
    /// </summary>
    /// <param name="tick">The tick's sequence number on its loop.</param>
    void OnTick(long tick);
}
