using System.Net;
using IvrService.Media.Audio;
using IvrService.Media.Internal;
using IvrService.Media.Playback;
using IvrService.Media.Rtp;

namespace IvrService.Media;

/// <summary>
/// What every call's media shares: the pacing clock, the RTP port pool, the recording flusher and the comfort
/// noise. One per process; sessions come from <see cref="CreateSession"/>. Its packet counts, late packets and
/// active sessions are published on the meter <c>IvrService.Media</c>.
/// </summary>
public sealed class MediaEngine : IDisposable
{
    private readonly MediaOptions _options;
    private readonly TimeProvider _time;
    private readonly RtpPortPool _ports;

    public MediaEngine(MediaOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = timeProvider;
        _ports = new RtpPortPool(options);
        Clock = new MediaClock(options.ClockLoops, TelephonyAudio.FrameDuration);
        Flusher = new RecordingFlusher(TimeSpan.FromMilliseconds(250));
        ComfortNoise = new ComfortNoise(options.ComfortNoiseLevelDbov);
        Metrics = new MediaMetrics(this);
        Clock.Start();
    }

    public MediaClock Clock { get; }

    public MediaOptions Options => _options;

    public int ActiveSessions => _ports.LeasedCount;

    internal RecordingFlusher Flusher { get; }

    internal ComfortNoise ComfortNoise { get; }

    internal MediaMetrics Metrics { get; }

    /// <summary>Leases an RTP/RTCP port pair on <paramref name="localAddress"/> for a new call; start it once the SDP is agreed.</summary>
    public MediaSession CreateSession(IPAddress localAddress)
    {
        var lease = _ports.Allocate(localAddress);
        var session = new MediaSession(this, lease, _time, TimeSpan.FromSeconds(_options.MediaTimeoutSeconds));
        Metrics.Opened(session);
        return session;
    }

    public void Dispose()
    {
        Clock.Dispose();
        Flusher.Dispose();
        Metrics.Dispose();
    }
}
