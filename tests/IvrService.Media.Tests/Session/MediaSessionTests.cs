using System.Net;
using IvrService.Media.Audio;
using IvrService.Media.Dtmf;
using IvrService.Media.Rtp;
using IvrService.Media.Tests.Dtmf;
using Microsoft.Extensions.Time.Testing;

namespace IvrService.Media.Tests.Session;

public sealed class MediaSessionTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ivr-media-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly MediaEngine _engine = new(new MediaOptions { RtpPortStart = 40000, RtpPortEnd = 40400, ClockLoops = 1, MediaTimeoutSeconds = 30 }, TimeProvider.System);

    [Fact]
    public async Task Play_SendsThePromptsFramesInOrder_WithConsecutiveSequenceAndTimestamps()
    {
        using var peer = new RtpPeer();
        await using var session = _engine.CreateSession(IPAddress.Loopback);
        var prompt = PromptAudio.FromPcm("ramp", Ramp(TelephonyAudio.FrameSamples * 5));
        session.Start(Remote(peer, G711Law.MuLaw));

        var playing = session.PlayAsync([prompt], interruptible: false, CancellationToken.None);
        var result = await playing.WaitAsync(Wait);
        var packets = new List<(RtpHeader Header, byte[] Payload)>();
        while (await peer.ReceiveAsync(TimeSpan.FromMilliseconds(200)) is { } packet && packets.Count < 40)
        {
            packets.Add(packet);
        }

        Assert.Equal(PlaybackOutcome.Completed, result.Outcome);
        Assert.Equal(TimeSpan.FromMilliseconds(100), result.Played);
        for (var i = 1; i < packets.Count; i++)
        {
            Assert.Equal((ushort)(packets[i - 1].Header.SequenceNumber + 1), packets[i].Header.SequenceNumber);
            Assert.Equal(packets[i - 1].Header.Timestamp + 160, packets[i].Header.Timestamp);
            Assert.Equal(0, packets[i].Header.PayloadType);
            Assert.Equal(160, packets[i].Payload.Length);
        }

        var expected = prompt.Encoded(G711Law.MuLaw).ToArray();
        var sent = packets.SelectMany(p => p.Payload).ToArray();
        Assert.True(IndexOf(sent, expected) >= 0, "the prompt's encoded frames were not sent back to back");
    }

    [Fact]
    public async Task Rfc4733Digit_StopsAnInterruptiblePrompt_AndIsReportedOnce()
    {
        using var peer = new RtpPeer();
        await using var session = _engine.CreateSession(IPAddress.Loopback);
        session.Start(Remote(peer, G711Law.MuLaw));
        var playing = session.PlayAsync([PromptAudio.Silence(TimeSpan.FromSeconds(30))], interruptible: true, CancellationToken.None);
        var target = new IPEndPoint(IPAddress.Loopback, session.LocalRtpPort);
        Assert.NotNull(await peer.ReceiveAsync(Wait));

        SendEvent(peer, target, '5', timestamp: 8000);
        var result = await playing.WaitAsync(Wait);
        var digit = await session.Digits.ReadAsync().AsTask().WaitAsync(Wait);
        await Task.Delay(400);

        Assert.Equal(PlaybackOutcome.Interrupted, result.Outcome);
        Assert.Equal('5', digit.Digit);
        Assert.Equal(DtmfMethod.Rfc4733, digit.Method);
        Assert.Equal(TimeSpan.FromMilliseconds(100), digit.Duration);
        Assert.False(session.Digits.TryRead(out _));
    }

    [Fact]
    public async Task Rfc4733KeyDown_StopsThePrompt_BeforeTheKeyIsReleased()
    {
        using var peer = new RtpPeer();
        await using var session = _engine.CreateSession(IPAddress.Loopback);
        session.Start(Remote(peer, G711Law.MuLaw));
        var playing = session.PlayAsync([PromptAudio.Silence(TimeSpan.FromSeconds(30))], interruptible: true, CancellationToken.None);
        Assert.NotNull(await peer.ReceiveAsync(Wait));

        var payload = new byte[4];
        new TelephoneEvent(9, false, 10, 160).Write(payload);
        peer.Send(new IPEndPoint(IPAddress.Loopback, session.LocalRtpPort), 101, 24000, payload, marker: true);
        var result = await playing.WaitAsync(Wait);

        Assert.Equal(PlaybackOutcome.Interrupted, result.Outcome);
        Assert.False(session.Digits.TryRead(out _));
    }

    [Fact]
    public async Task Digit_DoesNotStopAPromptThatIsNotInterruptible()
    {
        using var peer = new RtpPeer();
        await using var session = _engine.CreateSession(IPAddress.Loopback);
        session.Start(Remote(peer, G711Law.MuLaw));
        var playing = session.PlayAsync([PromptAudio.Silence(TimeSpan.FromMilliseconds(600))], interruptible: false, CancellationToken.None);

        SendEvent(peer, new IPEndPoint(IPAddress.Loopback, session.LocalRtpPort), '1', timestamp: 16000);
        var result = await playing.WaitAsync(Wait);

        Assert.Equal(PlaybackOutcome.Completed, result.Outcome);
        Assert.Equal('1', (await session.Digits.ReadAsync().AsTask().WaitAsync(Wait)).Digit);
    }

    [Fact]
    public async Task ObserveReceivedAudio_SeesThePeersDecodedFrames_UntilTheHandleIsDisposed()
    {
        using var peer = new RtpPeer();
        await using var session = _engine.CreateSession(IPAddress.Loopback);
        session.Start(Remote(peer, G711Law.MuLaw));
        var target = new IPEndPoint(IPAddress.Loopback, session.LocalRtpPort);
        var loudest = 0;
        var heardFrames = 0;
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handle = session.ObserveReceivedAudio((frame, received) =>
        {
            Assert.Equal(TelephonyAudio.FrameSamples, frame.Length);
            if (!received)
            {
                return;
            }

            foreach (var sample in frame)
            {
                loudest = Math.Max(loudest, Math.Abs((int)sample));
            }

            if (++heardFrames >= 5)
            {
                heard.TrySetResult();
            }
        });

        var tone = Sine(1000, 8000, TelephonyAudio.FrameSamples * 10);
        var encoded = new byte[TelephonyAudio.FrameSamples];
        for (var i = 0; i < 10; i++)
        {
            G711.EncodeMuLaw(tone.AsSpan(i * TelephonyAudio.FrameSamples, TelephonyAudio.FrameSamples), encoded);
            peer.Send(target, 0, (uint)(i * TelephonyAudio.FrameSamples), encoded);
            await Task.Delay(20);
        }

        await heard.Task.WaitAsync(Wait);
        handle.Dispose();
        var afterDispose = heardFrames;
        await Task.Delay(200);

        Assert.InRange(loudest, 7000, 8200);
        Assert.Equal(afterDispose, heardFrames);
        Assert.Throws<ArgumentNullException>(() => session.ObserveReceivedAudio(null!));
        using var second = session.ObserveReceivedAudio((_, _) => { });
        Assert.Throws<InvalidOperationException>(() => session.ObserveReceivedAudio((_, _) => { }));
    }

    [Fact]
    public async Task InBandTones_AreDetectedAndTaggedInBand()
    {
        using var peer = new RtpPeer();
        await using var session = _engine.CreateSession(IPAddress.Loopback);
        session.Start(Remote(peer, G711Law.MuLaw));
        var target = new IPEndPoint(IPAddress.Loopback, session.LocalRtpPort);
        var (row, column) = ToneGenerator.Frequencies('8');
        var pcm = ToneGenerator.ToPcm(ToneGenerator.Press(row, column, TimeSpan.FromMilliseconds(100)));

        var frame = new byte[160];
        for (int offset = 0, ts = 0; offset + 160 <= pcm.Length; offset += 160, ts += 160)
        {
            G711.EncodeMuLaw(pcm.AsSpan(offset, 160), frame);
            peer.Send(target, 0, (uint)ts, frame);
            await Task.Delay(2);
        }

        var digit = await session.Digits.ReadAsync().AsTask().WaitAsync(Wait);

        Assert.Equal('8', digit.Digit);
        Assert.Equal(DtmfMethod.InBand, digit.Method);
    }

    [Theory]
    [InlineData(G711Law.ALaw, 96)]
    [InlineData(G711Law.MuLaw, 97)]
    [InlineData(G711Law.ALaw, 8)]
    public async Task InBandTones_AreDetected_WhenG711TravelsUnderTheNegotiatedPayloadType(G711Law law, byte payloadType)
    {
        // Arrange: an offer may map PCMA or PCMU to a dynamic payload type (a=rtpmap:96 PCMA/8000).
        using var peer = new RtpPeer();
        await using var session = _engine.CreateSession(IPAddress.Loopback);
        session.Start(Remote(peer, law) with { PayloadType = payloadType });
        var target = new IPEndPoint(IPAddress.Loopback, session.LocalRtpPort);
        var (row, column) = ToneGenerator.Frequencies('5');
        var pcm = ToneGenerator.ToPcm(ToneGenerator.Press(row, column, TimeSpan.FromMilliseconds(100)));

        // Act
        var frame = new byte[160];
        for (int offset = 0, ts = 0; offset + 160 <= pcm.Length; offset += 160, ts += 160)
        {
            G711.Encode(law, pcm.AsSpan(offset, 160), frame);
            peer.Send(target, payloadType, (uint)ts, frame);
            await Task.Delay(2);
        }

        var digit = await session.Digits.ReadAsync().AsTask().WaitAsync(Wait);

        // Assert
        Assert.Equal('5', digit.Digit);
        Assert.Equal(DtmfMethod.InBand, digit.Method);
    }

    [Fact]
    public async Task InBandTone_StopsThePrompt_WhileTheKeyIsStillHeld()
    {
        using var peer = new RtpPeer();
        await using var session = _engine.CreateSession(IPAddress.Loopback);
        session.Start(Remote(peer, G711Law.MuLaw));
        var playing = session.PlayAsync([PromptAudio.Silence(TimeSpan.FromSeconds(30))], interruptible: true, CancellationToken.None);
        Assert.NotNull(await peer.ReceiveAsync(Wait));
        var target = new IPEndPoint(IPAddress.Loopback, session.LocalRtpPort);
        var (row, column) = ToneGenerator.Frequencies('6');
        var pcm = ToneGenerator.ToPcm(ToneGenerator.Press(row, column, TimeSpan.FromSeconds(1), leadSamples: 0, tailSamples: 0));

        var frame = new byte[160];
        var interruptedWhileHeld = false;
        for (int offset = 0, ts = 0; offset + 160 <= pcm.Length; offset += 160, ts += 160)
        {
            G711.EncodeMuLaw(pcm.AsSpan(offset, 160), frame);
            peer.Send(target, 0, (uint)ts, frame);
            await Task.Delay(20);
            if (offset >= 160 * 40 && !interruptedWhileHeld)
            {
                // 800 ms into a one-second tone: the prompt must already have stopped.
                interruptedWhileHeld = playing.IsCompleted;
                break;
            }
        }

        Assert.True(interruptedWhileHeld, "the prompt was still playing 800 ms into the tone");
        Assert.Equal(PlaybackOutcome.Interrupted, (await playing.WaitAsync(Wait)).Outcome);
    }

    [Fact]
    public async Task Session_SendsToWherePacketsComeFrom_WhenThatDiffersFromTheSdp()
    {
        using var sdpAddress = new RtpPeer();
        using var natAddress = new RtpPeer();
        await using var session = _engine.CreateSession(IPAddress.Loopback);
        session.Start(Remote(sdpAddress, G711Law.ALaw));
        Assert.NotNull(await sdpAddress.ReceiveAsync(Wait));

        natAddress.Send(new IPEndPoint(IPAddress.Loopback, session.LocalRtpPort), 8, 0, new byte[160]);
        await Task.Delay(200);
        natAddress.Drain();
        var afterLatch = await natAddress.ReceiveAsync(Wait);

        Assert.NotNull(afterLatch);
        Assert.Equal(8, afterLatch.Value.Header.PayloadType);
    }

    [Fact]
    public async Task Session_KeepsRunningAndSendsToThePeersSource_WhenSdpAddressIsIpv6AndOurSocketIpv4()
    {
        // Arrange: an offer with c=IN IP6 answered from an IPv4-only media address (an SBC rewrites one side only).
        using var peer = new RtpPeer();
        await using var session = _engine.CreateSession(IPAddress.Loopback);
        session.Start(Remote(peer, G711Law.MuLaw) with { Rtp = new IPEndPoint(IPAddress.Parse("2001:db8::50"), 52000), Rtcp = new IPEndPoint(IPAddress.Parse("2001:db8::50"), 52001) });
        await Task.Delay(200);

        // Act: the peer's packets come from IPv4.
        peer.Send(new IPEndPoint(IPAddress.Loopback, session.LocalRtpPort), 0, 0, new byte[160]);
        var afterLatch = await peer.ReceiveAsync(Wait);

        // Assert
        Assert.NotNull(afterLatch);
        Assert.Equal(0, afterLatch.Value.Header.PayloadType);
    }

    [Fact]
    public async Task Session_StopsSending_WhenPutOnHold()
    {
        using var peer = new RtpPeer();
        await using var session = _engine.CreateSession(IPAddress.Loopback);
        session.Start(Remote(peer, G711Law.MuLaw));
        Assert.NotNull(await peer.ReceiveAsync(Wait));

        session.Update(Remote(peer, G711Law.MuLaw) with { LocalSends = false });
        await Task.Delay(100);
        peer.Drain();
        var duringHold = await peer.ReceiveAsync(TimeSpan.FromMilliseconds(300));
        session.Update(Remote(peer, G711Law.MuLaw));
        var afterResume = await peer.ReceiveAsync(Wait);

        Assert.Null(duringHold);
        Assert.NotNull(afterResume);
    }

    [Fact]
    public async Task MediaTimedOut_Completes_WhenNoRtpArrivesForTheTimeout()
    {
        var time = new FakeTimeProvider();
        using var engine = new MediaEngine(new MediaOptions { RtpPortStart = 40500, RtpPortEnd = 40600, ClockLoops = 1, MediaTimeoutSeconds = 5 }, time);
        using var peer = new RtpPeer();
        await using var session = engine.CreateSession(IPAddress.Loopback);
        session.Start(Remote(peer, G711Law.MuLaw));

        time.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(200);
        var early = session.MediaTimedOut.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(2));
        await session.MediaTimedOut.WaitAsync(Wait);

        Assert.False(early);
    }

    [Fact]
    public async Task MediaTimedOut_CountsFromTheLastPacket_WhenTheCallersRtpStopsMidCall()
    {
        // Arrange: RTP flows for three seconds, then the caller's host vanishes (no BYE, no more packets).
        var time = new FakeTimeProvider();
        using var engine = new MediaEngine(new MediaOptions { RtpPortStart = 40500, RtpPortEnd = 40600, ClockLoops = 1, MediaTimeoutSeconds = 5 }, time);
        using var peer = new RtpPeer();
        await using var session = engine.CreateSession(IPAddress.Loopback);
        session.Start(Remote(peer, G711Law.MuLaw));
        var target = new IPEndPoint(IPAddress.Loopback, session.LocalRtpPort);
        var frame = new byte[TelephonyAudio.FrameSamples];
        for (var second = 0; second < 4; second++)
        {
            peer.Send(target, 0, (uint)(second * 8000), frame);
            using var received = new CancellationTokenSource(Wait);
            while (session.PacketsReceived <= second)
            {
                await Task.Delay(10, received.Token);
            }

            if (second < 3)
            {
                time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        // Act: four silent seconds are within the timeout (counted from the last packet, not the call's start) ...
        time.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(200);
        var early = session.MediaTimedOut.IsCompleted;

        // ... six are not.
        time.Advance(TimeSpan.FromSeconds(2));
        await session.MediaTimedOut.WaitAsync(Wait);

        // Assert
        Assert.False(early);
        Assert.Equal(4, session.PacketsReceived);
    }

    [Fact]
    public async Task SendDigits_SendsTelephoneEventsWithThreeEndPackets()
    {
        using var peer = new RtpPeer();
        await using var session = _engine.CreateSession(IPAddress.Loopback);
        session.Start(Remote(peer, G711Law.MuLaw));

        await session.SendDigitsAsync("7", CancellationToken.None).WaitAsync(Wait);
        var events = new List<TelephoneEvent>();
        for (var i = 0; i < 60 && await peer.ReceiveAsync(TimeSpan.FromMilliseconds(500)) is { } packet; i++)
        {
            if (packet.Header.PayloadType == 101 && TelephoneEvent.TryParse(packet.Payload, out var ev))
            {
                events.Add(ev);
            }
        }

        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal(7, e.Event));
        Assert.Equal(3, events.Count(e => e.End));
    }

    [Fact]
    public async Task VoiceMessage_EndsOnTheFinishKey_AndKeepsWhatWasSaid()
    {
        using var peer = new RtpPeer();
        await using var session = _engine.CreateSession(IPAddress.Loopback);
        session.Start(Remote(peer, G711Law.MuLaw));
        var target = new IPEndPoint(IPAddress.Loopback, session.LocalRtpPort);
        var path = Path.Combine(_directory, "message.wav");

        var recording = session.RecordVoiceMessageAsync(new VoiceMessageOptions(path), CancellationToken.None);
        var speech = new byte[160];
        G711.EncodeMuLaw(Ramp(160, amplitude: 8000), speech);
        for (var i = 0; i < 50; i++)
        {
            peer.Send(target, 0, (uint)(i * 160), speech);
            await Task.Delay(20);
        }

        SendEvent(peer, target, '#', timestamp: 50 * 160);
        var result = await recording.WaitAsync(Wait);

        Assert.Equal(VoiceMessageEnd.Digit, result.End);
        Assert.True(result.HeardSpeech);
        Assert.InRange(result.Duration.TotalSeconds, 0.5, 3);
        Assert.True(WavReader.TryRead(File.ReadAllBytes(path), out var wav, out var error), error);
        Assert.InRange(wav!.Duration.TotalSeconds, 0.5, 3);
    }

    [Fact]
    public async Task VoiceMessage_EndsOnSilenceWithNothingSaid_WhenThePhoneSendsNoRtpPastTheNoSpeechTimeout()
    {
        // A phone that suppresses silence sends nothing while its user says nothing.
        using var peer = new RtpPeer();
        await using var session = _engine.CreateSession(IPAddress.Loopback);
        session.Start(Remote(peer, G711Law.MuLaw));
        var path = Path.Combine(_directory, "nothing.wav");

        var result = await session.RecordVoiceMessageAsync(
            new VoiceMessageOptions(path) { MaxLength = TimeSpan.FromSeconds(20), NoSpeechTimeout = TimeSpan.FromSeconds(0.6) },
            CancellationToken.None).WaitAsync(Wait);

        Assert.Equal(VoiceMessageEnd.Silence, result.End);
        Assert.False(result.HeardSpeech);
        Assert.InRange(result.Duration.TotalSeconds, 0.55, 0.7);
    }

    [Fact]
    public async Task CallRecording_PutsTheCallerLeftAndTheIvrRight()
    {
        using var peer = new RtpPeer();
        var path = Path.Combine(_directory, "call.wav");
        var session = _engine.CreateSession(IPAddress.Loopback);
        session.Start(Remote(peer, G711Law.MuLaw));
        session.StartRecording(path, RecordingLayout.Stereo);
        var target = new IPEndPoint(IPAddress.Loopback, session.LocalRtpPort);
        var loud = PromptAudio.FromPcm("tone", Sine(1000, 8000, 8000));

        var playing = session.PlayAsync([loud], interruptible: false, CancellationToken.None);
        var callerFrame = new byte[160];
        G711.EncodeMuLaw(Sine(400, 4000, 160), callerFrame);
        for (var i = 0; i < 50; i++)
        {
            peer.Send(target, 0, (uint)(i * 160), callerFrame);
            await Task.Delay(20);
        }

        await playing.WaitAsync(Wait);
        await session.DisposeAsync();

        Assert.True(WavReader.TryRead(File.ReadAllBytes(path), out var wav, out var error), error);
        Assert.Equal(2, wav!.SourceChannels);
        Assert.InRange(wav.Duration.TotalSeconds, 0.8, 3);
    }

    public void Dispose()
    {
        _engine.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static MediaEndpoint Remote(RtpPeer peer, G711Law law) =>
        new(peer.EndPoint, new IPEndPoint(IPAddress.Loopback, peer.EndPoint.Port + 1), law, law == G711Law.MuLaw ? (byte)0 : (byte)8, 101, true, true);

    private static void SendEvent(RtpPeer peer, IPEndPoint target, char digit, uint timestamp)
    {
        var code = (byte)(digit switch { '*' => 10, '#' => 11, _ => digit - '0' });
        var payload = new byte[4];
        for (var i = 1; i <= 5; i++)
        {
            new TelephoneEvent(code, false, 10, (ushort)(i * 160)).Write(payload);
            peer.Send(target, 101, timestamp, payload, marker: i == 1);
        }

        for (var i = 0; i < 3; i++)
        {
            new TelephoneEvent(code, true, 10, 800).Write(payload);
            peer.Send(target, 101, timestamp, payload);
        }
    }

    private static short[] Ramp(int length, int amplitude = 4000)
    {
        var samples = new short[length];
        for (var i = 0; i < length; i++)
        {
            samples[i] = (short)((i % 80 * amplitude / 40) - amplitude);
        }

        return samples;
    }

    private static short[] Sine(double frequency, double amplitude, int length)
    {
        var samples = new short[length];
        for (var i = 0; i < length; i++)
        {
            samples[i] = (short)(amplitude * Math.Sin(2 * Math.PI * frequency * i / 8000));
        }

        return samples;
    }

    private static int IndexOf(byte[] haystack, byte[] needle) =>
        haystack.AsSpan().IndexOf(needle);
}
