namespace IvrService.Media;

/// <summary>
/// Joins two calls' media: what one leg receives is sent on the other, both ways, until the bridge is disposed.
/// </summary>
/// <remarks>
/// <para>
/// Audio goes through the pacing clock rather than being forwarded on receipt. Each leg already decodes what
/// it receives into a queue a few frames deep (the same queue that feeds the call recording); at every tick a
/// leg hands the frame it took from that queue to the other leg, which sends it at its own next tick encoded
/// in its own negotiated law. So each leg keeps its SSRC, sequence numbers, timestamps and 20 ms packets
/// whatever the other side sends (another ptime, late or bunched packets): the queue absorbs up to 160 ms of
/// jitter, drops the oldest audio beyond that, sends silence when nothing arrived in time, and drains a
/// backlog a burst left behind by a frame a second, so the delay does not stay high for the rest of the call. Forwarding on
/// receipt would pass the other side's jitter and packet sizes straight through and need the headers rewritten
/// anyway. The cost is at most one tick (20 ms) of delay on top of the queue.
/// </para>
/// <para>
/// The legs may have negotiated different laws: every frame is decoded to linear and encoded again in the
/// sending leg's law (PCMU to PCMA and back). Between legs of the same law the round trip is exact, except that
/// µ-law's negative zero comes out as positive zero.
/// </para>
/// <para>
/// RFC 4733 keys are not forwarded as packets: a key received on one leg is reported on that leg's
/// <see cref="MediaSession.Digits"/> as usual and sent again as a new event (100 ms, the sender's own
/// timestamps) on the other leg when that leg negotiated telephone-event; otherwise it is dropped there.
/// In-band tones travel inside the audio.
/// </para>
/// <para>
/// A call recording on either session keeps working: it holds what the leg received and what it sent, which
/// is now the other leg's audio. Disposing the bridge returns both sessions to prompts and comfort noise. The
/// per-packet and per-tick paths allocate nothing.
/// </para>
/// </remarks>
public sealed class MediaBridge : IDisposable
{
    private int _disposed;

    private MediaBridge(MediaSession first, MediaSession second)
    {
        First = first;
        Second = second;
    }

    public MediaSession First { get; }

    public MediaSession Second { get; }

    /// <summary>Bridges two started sessions; prompts playing on either stop.</summary>
    /// <exception cref="InvalidOperationException">Either session is already bridged.</exception>
    public static MediaBridge Connect(MediaSession first, MediaSession second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (ReferenceEquals(first, second))
        {
            throw new ArgumentException("a media session cannot be bridged to itself", nameof(second));
        }

        first.AttachBridge(second);
        try
        {
            second.AttachBridge(first);
        }
        catch (InvalidOperationException)
        {
            first.DetachBridge();
            throw;
        }

        return new MediaBridge(first, second);
    }

    public MediaBridgeStatistics GetStatistics() =>
        new(First.FramesRelayed, Second.FramesRelayed, First.DigitsRelayed, Second.DigitsRelayed);

    /// <summary>Ends the bridge: each session plays prompts and comfort noise again.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        First.DetachBridge();
        Second.DetachBridge();
    }
}
