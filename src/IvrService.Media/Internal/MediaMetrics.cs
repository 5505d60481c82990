using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace IvrService.Media.Internal;

/// <summary>
/// The media engine's instruments on the meter <c>IvrService.Media</c>. All are observed when a reader collects
/// (a scrape), from figures the sessions and the pacing clock keep anyway: nothing is added to the per-packet path.
/// </summary>
internal sealed class MediaMetrics : IDisposable
{
    public const string MeterName = "IvrService.Media";

    private readonly Meter _meter = new(MeterName);
    private readonly ConcurrentDictionary<MediaSession, byte> _live = new();

    // Held while a closed session's counts move to the totals and while a sum is taken, so no scrape sees a
    // session both live and retired or neither.
    private readonly Lock _gate = new();
    private long _retiredSent;
    private long _retiredReceived;

    public MediaMetrics(MediaEngine engine)
    {
        _meter.CreateObservableCounter("ivr.rtp.packets.sent", () => Sum(sent: true), "{packet}", "RTP packets sent");
        _meter.CreateObservableCounter("ivr.rtp.packets.received", () => Sum(sent: false), "{packet}", "RTP packets received");
        _meter.CreateObservableCounter(
            "ivr.rtp.packets.late", () => engine.Clock.LatePackets, "{packet}",
            "RTP packets sent more than 40 ms (two frames) after their stream's previous packet");
        _meter.CreateObservableCounter(
            "ivr.media.clock.skipped_ticks", () => engine.Clock.SkippedTicks, "{tick}",
            "Pacing ticks dropped because a clock loop stalled for more than two periods");
        _meter.CreateObservableUpDownCounter(
            "ivr.media.sessions.active", () => (long)engine.ActiveSessions, "{session}", "Media sessions holding an RTP port pair");
    }

    public void Opened(MediaSession session) => _live.TryAdd(session, 0);

    /// <summary>Moves a closed session's counts into the totals, so the counters never go back.</summary>
    public void Closed(MediaSession session)
    {
        lock (_gate)
        {
            if (_live.TryRemove(session, out _))
            {
                _retiredSent += session.PacketsSent;
                _retiredReceived += session.PacketsReceived;
            }
        }
    }

    public void Dispose() => _meter.Dispose();

    private long Sum(bool sent)
    {
        lock (_gate)
        {
            var total = sent ? _retiredSent : _retiredReceived;
            foreach (var (session, _) in _live)
            {
                total += sent ? session.PacketsSent : session.PacketsReceived;
            }

            return total;
        }
    }
}
