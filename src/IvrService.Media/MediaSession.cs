using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using IvrService.Media.Audio;
using IvrService.Media.Dtmf;
using IvrService.Media.Internal;
using IvrService.Media.Playback;
using IvrService.Media.Rtp;

namespace IvrService.Media;

/// <summary>
/// One call's media: RTP in and out on a leased port pair, prompt playback paced by the shared clock with
/// barge-in, DTMF three ways, call recording and voice messages, RTCP reports, symmetric RTP for callers
/// behind NAT, and a media timeout. The hot paths (tick, receive) allocate nothing per packet.
/// </summary>
public sealed class MediaSession : IPacedStream, IAsyncDisposable
{
    private const int FrameSamples = TelephonyAudio.FrameSamples;
    private static readonly TimeSpan RelatchQuiet = TimeSpan.FromSeconds(1);

    // Four times the flusher's interval: room for a slow disk without holding much memory per call.
    private static readonly TimeSpan RecordingBuffer = TimeSpan.FromSeconds(1);

    private readonly MediaEngine _engine;
    private readonly RtpPortLease _lease;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Queue<PlayRequest> _queue = new();
    private readonly Queue<char> _digitsToSend = new();
    private readonly Channel<DtmfDigit> _digits = Channel.CreateUnbounded<DtmfDigit>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly DtmfCollector _collector;
    private readonly Rfc4733Receiver _rfc4733;
    private readonly Rfc4733Sender _rfc4733Sender = new();
    private readonly InBandDtmfDetector _inBand;
    private readonly RtpReceiveStatistics _receiveStatistics;
    private readonly RtpSendStatistics _sendStatistics;
    private readonly RtcpScheduler _rtcpScheduler;
    private readonly CallerAudioQueue _callerAudio = new();
    private readonly CallerAudioQueue _bridgeAudio = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _mediaTimedOut = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly byte[] _packet = new byte[RtpHeader.FixedSize + 1024];
    private readonly byte[] _rtcpPacket = new byte[512];
    private readonly short[] _sentFrame = new short[FrameSamples];
    private readonly short[] _callerFrame = new short[FrameSamples];
    private readonly short[] _mixFrame = new short[FrameSamples * 2];
    private readonly short[] _decoded = new short[1024];
    private readonly byte[] _bridgeEncoded = new byte[FrameSamples];
    private readonly uint _ssrc;
    private readonly TimeSpan _mediaTimeout;
    private readonly string _cname;
    private MediaEndpoint? _remote;
    private SocketAddress? _rtpTarget;
    private SocketAddress? _rtcpTarget;
    private SocketAddress? _latchedSource;
    private long _lastReceivedTimestamp;
    private long _latchedLastSeen;
    private PlayRequest? _current;
    private RecordingSink? _callRecording;
    private RecordingLayout _recordingLayout;
    private VoiceMessageRecorder? _voiceMessage;
    private TaskCompletionSource? _digitsSent;
    private IDisposable? _clockRegistration;
    private Task? _rtpLoop;
    private Task? _rtcpLoop;
    private Task? _digitPump;
    private ushort _sequence;
    private uint _timestamp;
    private long _tick;
    private long _digitGapUntilTick;
    private bool _firstPacket = true;
    private long _packetsSent;
    private long _packetsReceived;
    private long _digitsReceived;
    private RtcpReportBlock? _remoteReport;
    private MediaSession? _bridgePeer;
    private ReceivedAudioObserver? _receivedAudioObserver;
    private long _framesRelayed;
    private long _digitsRelayed;
    private int _closed;

    internal MediaSession(MediaEngine engine, RtpPortLease lease, TimeProvider time, TimeSpan mediaTimeout)
    {
        _engine = engine;
        _lease = lease;
        _time = time;
        _mediaTimeout = mediaTimeout;
        _ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        _sequence = (ushort)Random.Shared.Next(0, ushort.MaxValue);
        _timestamp = (uint)Random.Shared.NextInt64(0, uint.MaxValue);
        _cname = "ivr-" + _ssrc.ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + "@" + lease.LocalAddress;
        _collector = new DtmfCollector(time);
        _rfc4733 = new Rfc4733Receiver(OnRfc4733Digit, time, onKeyDown: BargeIn);
        _inBand = new InBandDtmfDetector(OnInBandDigit, onKeyDown: BargeIn);
        _receiveStatistics = new RtpReceiveStatistics(time);
        _sendStatistics = new RtpSendStatistics(time);
        _rtcpScheduler = new RtcpScheduler(time);
        _lastReceivedTimestamp = time.GetTimestamp();
    }

    public IPAddress LocalAddress => _lease.LocalAddress;

    public int LocalRtpPort => _lease.RtpPort;

    /// <summary>Every key the caller pressed, once, tagged with how it arrived.</summary>
    public ChannelReader<DtmfDigit> Digits => _digits.Reader;

    /// <summary>Completes when no RTP came from the peer for the media timeout while we expected some.</summary>
    public Task MediaTimedOut => _mediaTimedOut.Task;

    /// <summary>The whole-call recording, once started.</summary>
    public string? RecordingPath => _callRecording?.Path;

    public MediaEndpoint? Remote => _remote;

    /// <summary>True while a <see cref="MediaBridge"/> joins this session to another.</summary>
    public bool IsBridged => Volatile.Read(ref _bridgePeer) is not null;

    /// <summary>RTP packets sent so far.</summary>
    internal long PacketsSent => Interlocked.Read(ref _packetsSent);

    /// <summary>RTP packets received so far.</summary>
    internal long PacketsReceived => Interlocked.Read(ref _packetsReceived);

    /// <summary>Frames of this leg's received audio handed to the bridged leg (20 ms each).</summary>
    internal long FramesRelayed => Interlocked.Read(ref _framesRelayed);

    /// <summary>RFC 4733 keys received on the bridged leg and sent again on this one.</summary>
    internal long DigitsRelayed => Interlocked.Read(ref _digitsRelayed);

    /// <summary>Starts sending and receiving towards the negotiated peer.</summary>
    public void Start(MediaEndpoint remote)
    {
        Update(remote);
        _rtpLoop = Task.Run(() => ReceiveRtpAsync(_closing.Token));
        _rtcpLoop = Task.Run(() => ReceiveRtcpAsync(_closing.Token));
        _digitPump = Task.Run(() => PumpDigitsAsync(_closing.Token));
        _clockRegistration = _engine.Clock.Register(this);
    }

    /// <summary>Applies a new negotiation (re-INVITE: hold, resume, new address or codec).</summary>
    public void Update(MediaEndpoint remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        lock (_gate)
        {
            var previous = _remote;
            _remote = remote;
            if (remote.IsUnreachable)
            {
                _rtpTarget = null;
                _rtcpTarget = null;
            }
            else if (previous is null || !previous.Rtp.Equals(remote.Rtp) || _latchedSource is null)
            {
                _rtpTarget = Normalize(remote.Rtp).Serialize();
                _rtcpTarget = Normalize(remote.Rtcp).Serialize();
            }

            // Coming back from hold restarts the media timeout rather than firing it at once.
            _lastReceivedTimestamp = _time.GetTimestamp();
        }
    }

    /// <summary>A key reported by SIP INFO on this call's dialog.</summary>
    public void OnSipInfoDigit(char digit, TimeSpan duration)
    {
        BargeIn(digit);
        _collector.OnSipInfo(digit, duration);
    }

    /// <summary>Plays prompts in order after anything already queued; an interruptible request stops at the first key.</summary>
    public Task<PlaybackResult> PlayAsync(IReadOnlyList<PromptAudio> prompts, bool interruptible, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        var request = new PlayRequest(prompts, interruptible);
        if (prompts.Count == 0)
        {
            request.Finish(PlaybackOutcome.Completed);
            return request.Completion;
        }

        lock (_gate)
        {
            if (Volatile.Read(ref _closed) != 0)
            {
                request.Finish(PlaybackOutcome.Stopped);
                return request.Completion;
            }

            _queue.Enqueue(request);
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(static state => ((MediaSession)state!).StopPlayback(), this);
            _ = request.Completion.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        }

        return request.Completion;
    }

    /// <summary>Stops the prompt playing now and drops everything queued.</summary>
    public void StopPlayback()
    {
        lock (_gate)
        {
            _current?.Finish(PlaybackOutcome.Stopped);
            _current = null;
            while (_queue.TryDequeue(out var queued))
            {
                queued.Finish(PlaybackOutcome.Stopped);
            }
        }
    }

    /// <summary>Records the whole call from now on, written incrementally so a crash leaves a playable file.</summary>
    public void StartRecording(string path, RecordingLayout layout)
    {
        var sink = new RecordingSink(path, layout == RecordingLayout.Stereo ? 2 : 1, RecordingBuffer);
        lock (_gate)
        {
            if (_callRecording is not null)
            {
                sink.Dispose();
                throw new InvalidOperationException("the call is already being recorded to " + _callRecording.Path);
            }

            _recordingLayout = layout;
            _callRecording = sink;
        }

        _engine.Flusher.Add(sink);
    }

    /// <summary>Records a voice message from the caller until the finishing key, silence after speech, or the maximum length.</summary>
    public async Task<VoiceMessageResult> RecordVoiceMessageAsync(VoiceMessageOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var recorder = new VoiceMessageRecorder(options, new RecordingSink(options.Path, 1, RecordingBuffer));
        lock (_gate)
        {
            if (_voiceMessage is not null)
            {
                recorder.Sink.Dispose();
                throw new InvalidOperationException("a voice message is already being recorded");
            }

            _voiceMessage = recorder;
        }

        _engine.Flusher.Add(recorder.Sink);
        using (cancellationToken.Register(static r => ((VoiceMessageRecorder)r!).Finish(VoiceMessageEnd.Stopped), recorder))
        using (_closing.Token.Register(static r => ((VoiceMessageRecorder)r!).Finish(VoiceMessageEnd.Stopped), recorder))
        {
            var result = await recorder.Completion.ConfigureAwait(false);
            lock (_gate)
            {
                _voiceMessage = null;
            }

            _engine.Flusher.Finish(recorder.Sink);
            return result;
        }
    }

    /// <summary>
    /// Hands every 20 ms frame of the peer's decoded audio to <paramref name="observer"/> on the media clock until
    /// the returned handle is disposed (one observer at a time). The observer runs inside the tick that serves many
    /// calls: it must be quick and must not keep the frame.
    /// </summary>
    public IDisposable ObserveReceivedAudio(ReceivedAudioObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (Interlocked.CompareExchange(ref _receivedAudioObserver, observer, null) is not null)
        {
            throw new InvalidOperationException("the received audio is already observed");
        }

        return new ObserverRegistration(this, observer);
    }

    /// <summary>Sends keys as RFC 4733 events (for the far end's IVR or a test); needs a negotiated telephone-event.</summary>
    public Task SendDigitsAsync(string digits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digits);
        TaskCompletionSource done;
        lock (_gate)
        {
            if (_remote?.TelephoneEventPayloadType is null)
            {
                throw new InvalidOperationException("the peer did not negotiate telephone-event");
            }

            foreach (var digit in digits)
            {
                if (!DtmfDigit.IsValid(digit))
                {
                    throw new ArgumentException($"'{digit}' is not a DTMF key", nameof(digits));
                }

                _digitsToSend.Enqueue(digit);
            }

            done = _digitsSent ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    public MediaSessionStatistics GetStatistics()
    {
        lock (_gate)
        {
            var remote = _remoteReport;
            return new MediaSessionStatistics(
                Interlocked.Read(ref _packetsSent),
                Interlocked.Read(ref _packetsReceived),
                Math.Max(0, _receiveStatistics.CumulativeLost),
                _receiveStatistics.Jitter / 8.0,
                Interlocked.Read(ref _digitsReceived),
                remote?.FractionLostRatio,
                remote is { } r ? r.Jitter / 8.0 : null);
        }
    }

    /// <summary>One 20 ms tick on a clock loop: the next packet out, the recordings fed, timeouts and RTCP checked.</summary>
    void IPacedStream.OnTick(long tick)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            return;
        }

        _tick++;
        _rfc4733.Poll();
        _collector.Tick();
        var remote = _remote;
        if (remote is null)
        {
            return;
        }

        ReadOnlySpan<byte> audio;
        VoiceMessageRecorder? message;
        RecordingSink? recording;
        SocketAddress? target;
        var peer = Volatile.Read(ref _bridgePeer);
        lock (_gate)
        {
            audio = peer is null ? NextAudioFrame(remote.Law) : NextBridgedFrame(remote.Law);
            StartNextDigitIfDue(remote);
            message = _voiceMessage;
            recording = _callRecording;
            target = _rtpTarget;
        }

        if (remote.LocalSends && target is not null)
        {
            Send(remote, audio, target);
        }

        _timestamp += FrameSamples;
        var heard = _callerAudio.Read(_callerFrame);
        Volatile.Read(ref _receivedAudioObserver)?.Invoke(_callerFrame, heard);
        if (heard && peer is not null)
        {
            // What this leg heard goes out on the other leg at its next tick, in that leg's law.
            peer._bridgeAudio.Write(_callerFrame);
            Interlocked.Increment(ref _framesRelayed);
        }

        if (recording is not null)
        {
            FeedRecording(recording);
        }

        if (message is not null && message.OnFrame(_callerFrame))
        {
            message.Sink.Close();
        }

        CheckMediaTimeout(remote);
        if (_rtcpScheduler.TryConsumeDue())
        {
            SendRtcp();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _clockRegistration?.Dispose();
        StopPlayback();
        SendRtcpBye();
        await _closing.CancelAsync().ConfigureAwait(false);
        _lease.RtpSocket.Close();
        _lease.RtcpSocket.Close();
        foreach (var loop in new[] { _rtpLoop, _rtcpLoop, _digitPump })
        {
            if (loop is not null)
            {
                try
                {
                    await loop.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or TimeoutException)
                {
                }
            }
        }

        RecordingSink? recording;
        lock (_gate)
        {
            recording = _callRecording;
            _digitsSent?.TrySetResult();
        }

        if (recording is not null)
        {
            await Task.Run(() => _engine.Flusher.Finish(recording)).ConfigureAwait(false);
        }

        _collector.Complete();
        _digits.Writer.TryComplete();
        _lease.Dispose();
        _closing.Dispose();
        _engine.Metrics.Closed(this);
    }

    private ReadOnlySpan<byte> NextAudioFrame(G711Law law)
    {
        while (_current is null && _queue.TryDequeue(out var next))
        {
            _current = next;
        }

        var request = _current;
        if (request is null)
        {
            var noise = _engine.ComfortNoise;
            var index = (int)(_tick % noise.FrameCount);
            noise.Loop.Pcm.Span.Slice(index * FrameSamples, FrameSamples).CopyTo(_sentFrame);
            return noise.GetFrame(law, index);
        }

        var prompt = request.Prompts[request.PromptIndex];
        var frame = prompt.GetFrame(law, request.FrameIndex);
        prompt.Pcm.Span.Slice(request.FrameIndex * FrameSamples, FrameSamples).CopyTo(_sentFrame);
        request.FramesPlayed++;
        if (++request.FrameIndex >= prompt.FrameCount)
        {
            request.FrameIndex = 0;
            while (++request.PromptIndex < request.Prompts.Count && request.Prompts[request.PromptIndex].FrameCount == 0)
            {
            }

            if (request.PromptIndex >= request.Prompts.Count)
            {
                request.Finish(PlaybackOutcome.Completed);
                _current = null;
            }
        }

        return frame;
    }

    /// <summary>The bridged leg's audio, re-encoded in this leg's law; silence when none arrived in time.</summary>
    private ReadOnlySpan<byte> NextBridgedFrame(G711Law law)
    {
        _bridgeAudio.Read(_sentFrame);
        G711.Encode(law, _sentFrame, _bridgeEncoded);
        return _bridgeEncoded;
    }

    /// <summary>Joins this session to <paramref name="peer"/>: prompts stop and the peer's audio is sent instead.</summary>
    internal void AttachBridge(MediaSession peer)
    {
        StopPlayback();
        lock (_gate)
        {
            if (_bridgePeer is not null)
            {
                throw new InvalidOperationException("the media session is already bridged");
            }

            _bridgeAudio.Clear();
            Volatile.Write(ref _bridgePeer, peer);
        }
    }

    /// <summary>Leaves the bridge: prompts and comfort noise again from the next tick.</summary>
    internal void DetachBridge()
    {
        lock (_gate)
        {
            Volatile.Write(ref _bridgePeer, null);
            _bridgeAudio.Clear();
        }
    }

    /// <summary>A key the bridged leg received, sent on this leg as RFC 4733 when negotiated here (else dropped).</summary>
    private void RelayDigit(char digit)
    {
        lock (_gate)
        {
            if (Volatile.Read(ref _closed) != 0 || _remote?.TelephoneEventPayloadType is null)
            {
                return;
            }

            _digitsToSend.Enqueue(digit);
        }

        Interlocked.Increment(ref _digitsRelayed);
    }

    private void StartNextDigitIfDue(MediaEndpoint remote)
    {
        if (_rfc4733Sender.IsSending || _tick < _digitGapUntilTick)
        {
            return;
        }

        if (_digitsToSend.TryDequeue(out var digit) && remote.TelephoneEventPayloadType is not null)
        {
            _rfc4733Sender.Start(digit, TimeSpan.FromMilliseconds(100), _timestamp);

            // 100 ms of tone, then at least 60 ms apart before the next key.
            _digitGapUntilTick = _tick + 8;
        }
        else if (_digitsToSend.Count == 0 && _digitsSent is { } done)
        {
            _digitsSent = null;
            done.TrySetResult();
        }
    }

    private void Send(MediaEndpoint remote, ReadOnlySpan<byte> audio, SocketAddress target)
    {
        var packet = _packet.AsSpan();
        int length;
        if (_rfc4733Sender.IsSending && remote.TelephoneEventPayloadType is byte eventType &&
            _rfc4733Sender.TryNext(packet[RtpHeader.FixedSize..], out var eventLength, out var marker))
        {
            new RtpHeader(eventType, _sequence++, _rfc4733Sender.Timestamp, _ssrc, marker).Write(packet);
            length = RtpHeader.FixedSize + eventLength;
        }
        else
        {
            new RtpHeader(remote.PayloadType, _sequence++, _timestamp, _ssrc, _firstPacket).Write(packet);
            audio.CopyTo(packet[RtpHeader.FixedSize..]);
            length = RtpHeader.FixedSize + audio.Length;
            _firstPacket = false;
        }

        try
        {
            _lease.RtpSocket.SendTo(packet[..length], SocketFlags.None, target);
            _sendStatistics.OnSent(_timestamp, length - RtpHeader.FixedSize);
            Interlocked.Increment(ref _packetsSent);
        }
        catch (SocketException)
        {
            // An unreachable peer is the media timeout's business, not the clock's.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void FeedRecording(RecordingSink recording)
    {
        if (_recordingLayout == RecordingLayout.Stereo)
        {
            for (var i = 0; i < FrameSamples; i++)
            {
                _mixFrame[2 * i] = _callerFrame[i];
                _mixFrame[(2 * i) + 1] = _sentFrame[i];
            }

            recording.Append(_mixFrame);
            return;
        }

        for (var i = 0; i < FrameSamples; i++)
        {
            _mixFrame[i] = (short)Math.Clamp(_callerFrame[i] + _sentFrame[i], short.MinValue, short.MaxValue);
        }

        recording.Append(_mixFrame.AsSpan(0, FrameSamples));
    }

    private void CheckMediaTimeout(MediaEndpoint remote)
    {
        if (!remote.LocalReceives || _mediaTimedOut.Task.IsCompleted)
        {
            return;
        }

        if (_time.GetElapsedTime(Interlocked.Read(ref _lastReceivedTimestamp)) > _mediaTimeout)
        {
            _mediaTimedOut.TrySetResult();
        }
    }

    private async Task ReceiveRtpAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[2048];
        var source = new SocketAddress(_lease.RtpSocket.AddressFamily);
        while (!cancellationToken.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await _lease.RtpSocket.ReceiveFromAsync(buffer, SocketFlags.None, source, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                continue;
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            OnRtp(buffer.AsSpan(0, received), source);
        }
    }

    private void OnRtp(ReadOnlySpan<byte> datagram, SocketAddress source)
    {
        var remote = _remote;
        if (remote is null || !RtpHeader.TryParse(datagram, out var header))
        {
            return;
        }

        var now = _time.GetTimestamp();
        Latch(source, now);
        Interlocked.Exchange(ref _lastReceivedTimestamp, now);
        Interlocked.Increment(ref _packetsReceived);
        var payload = datagram.Slice(header.PayloadOffset, header.PayloadLength);
        if (header.PayloadType == remote.TelephoneEventPayloadType)
        {
            _rfc4733.Process(header.Timestamp, header.Marker, header.SequenceNumber, payload);
            return;
        }

        if (header.PayloadType != remote.PayloadType && header.PayloadType is not (0 or 8))
        {
            // Comfort noise (13) and anything else we did not negotiate keep the call alive but carry no audio.
            return;
        }

        lock (_receiveStatistics)
        {
            _receiveStatistics.Update(header, now);
        }

        // The negotiated payload type carries the negotiated law even when it is a dynamic one (a=rtpmap:96 PCMA/8000);
        // the static 0 and 8 keep their RFC 3551 meaning.
        var law = header.PayloadType == remote.PayloadType ? remote.Law : header.PayloadType == 8 ? G711Law.ALaw : G711Law.MuLaw;
        var samples = Math.Min(payload.Length, _decoded.Length);
        G711.Decode(law, payload[..samples], _decoded.AsSpan(0, samples));
        _inBand.Process(_decoded.AsSpan(0, samples));
        _callerAudio.Write(_decoded.AsSpan(0, samples));
    }

    /// <summary>Symmetric RTP: send to where the peer's packets come from, re-latching only after the old source went quiet.</summary>
    private void Latch(SocketAddress source, long now)
    {
        if (_latchedSource is not null && source.Equals(_latchedSource))
        {
            _latchedLastSeen = now;
            return;
        }

        if (_latchedSource is not null && _time.GetElapsedTime(_latchedLastSeen, now) < RelatchQuiet)
        {
            return;
        }

        var copy = new SocketAddress(source.Family, source.Size);
        source.Buffer.Span[..source.Size].CopyTo(copy.Buffer.Span);
        var endPoint = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(copy);
        lock (_gate)
        {
            _latchedSource = copy;
            _latchedLastSeen = now;
            _rtpTarget = copy;
            _rtcpTarget = new IPEndPoint(endPoint.Address, Math.Min(endPoint.Port + 1, IPEndPoint.MaxPort)).Serialize();
        }
    }

    private async Task ReceiveRtcpAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[1500];
        var source = new SocketAddress(_lease.RtcpSocket.AddressFamily);
        while (!cancellationToken.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await _lease.RtcpSocket.ReceiveFromAsync(buffer, SocketFlags.None, source, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                continue;
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (!RtcpCompoundParser.TryParse(buffer.AsSpan(0, received), _ssrc, out var report))
            {
                continue;
            }

            lock (_receiveStatistics)
            {
                if (report.HasSenderInfo)
                {
                    _receiveStatistics.OnSenderReport(report.SenderSsrc, report.SenderInfo.NtpTimestamp, _time.GetTimestamp());
                }
            }

            if (report.HasReportAboutUs)
            {
                lock (_gate)
                {
                    _remoteReport = report.ReportAboutUs;
                }
            }
        }
    }

    private void SendRtcp()
    {
        var target = _rtcpTarget;
        if (target is null)
        {
            return;
        }

        var writer = new RtcpCompoundWriter(_rtcpPacket);
        Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[1];
        var blockCount = 0;
        lock (_receiveStatistics)
        {
            if (_receiveStatistics.HasSource)
            {
                blocks[0] = _receiveStatistics.CreateReportBlock();
                blockCount = 1;
            }
        }

        var written = _sendStatistics.HasSent
            ? writer.TryWriteSenderReport(_ssrc, _sendStatistics.CreateSenderInfo(), blocks[..blockCount])
            : writer.TryWriteReceiverReport(_ssrc, blocks[..blockCount]);
        if (!written || !writer.TryWriteSourceDescription(_ssrc, _cname))
        {
            return;
        }

        try
        {
            _lease.RtcpSocket.SendTo(writer.WrittenSpan, SocketFlags.None, target);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    private void SendRtcpBye()
    {
        var target = _rtcpTarget;
        if (target is null)
        {
            return;
        }

        var writer = new RtcpCompoundWriter(_rtcpPacket);
        if (writer.TryWriteReceiverReport(_ssrc, []) && writer.TryWriteSourceDescription(_ssrc, _cname) && writer.TryWriteBye(_ssrc))
        {
            try
            {
                _lease.RtcpSocket.SendTo(writer.WrittenSpan, SocketFlags.None, target);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        }
    }

    private void OnRfc4733Digit(char digit, TimeSpan duration)
    {
        _collector.OnRfc4733(digit, duration);
        Volatile.Read(ref _bridgePeer)?.RelayDigit(digit);
    }

    private void OnInBandDigit(char digit, TimeSpan duration) => _collector.OnInBand(digit, duration);

    /// <summary>
    /// A key stops an interruptible prompt at once — on the first RFC 4733 packet, or once an in-band tone is
    /// confirmed, not when the key is released — before de-duplication decides which method it counts under.
    /// </summary>
    private void BargeIn(char digit)
    {
        lock (_gate)
        {
            if (_current is { Interruptible: true } playing)
            {
                playing.Finish(PlaybackOutcome.Interrupted);
                _current = null;
            }
            else if (_current is null && _queue.TryPeek(out var next) && next.Interruptible)
            {
                // Queued but not yet on the wire (the next tick would start it): the key answers it just the same.
                _queue.Dequeue();
                next.Finish(PlaybackOutcome.Interrupted);
            }

            _voiceMessage?.OnDigit(digit);
        }
    }

    private async Task PumpDigitsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var digit in _collector.Digits.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                Interlocked.Increment(ref _digitsReceived);
                _digits.Writer.TryWrite(digit);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Ends one <see cref="ObserveReceivedAudio"/>; disposing twice is harmless.</summary>
    private sealed class ObserverRegistration(MediaSession session, ReceivedAudioObserver observer) : IDisposable
    {
        public void Dispose() => Interlocked.CompareExchange(ref session._receivedAudioObserver, null, observer);
    }

    private static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;
}
