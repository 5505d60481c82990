using System.Buffers.Binary;
using System.Net;
using IvrService.Media.Audio;
using IvrService.Media.Dtmf;
using IvrService.Media.Playback;
using IvrService.Media.Rtp;

namespace IvrService.Media.Tests.Session;

/// <summary>Two sessions on loopback joined by a bridge, each with an RTP peer playing the far end of its leg.</summary>
public sealed class MediaBridgeTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ivr-bridge-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly MediaEngine _engine = new(new MediaOptions { RtpPortStart = 40700, RtpPortEnd = 40800, ClockLoops = 2, MediaTimeoutSeconds = 30 }, TimeProvider.System);

    [Theory]
    [InlineData(G711Law.MuLaw, G711Law.MuLaw)]
    [InlineData(G711Law.MuLaw, G711Law.ALaw)]
    [InlineData(G711Law.ALaw, G711Law.MuLaw)]
    public async Task Connect_RelaysEachLegsAudioToTheOther_InTheOtherLegsLaw(G711Law callerLaw, G711Law operatorLaw)
    {
        // Arrange
        using var caller = new RtpPeer();
        using var operatorPeer = new RtpPeer();
        await using var callerLeg = Start(caller, callerLaw);
        await using var operatorLeg = Start(operatorPeer, operatorLaw);
        var callerFrame = Encode(callerLaw, Sine(400, 6000));
        var operatorFrame = Encode(operatorLaw, Sine(1000, 3000));

        // Act
        using var bridge = MediaBridge.Connect(callerLeg, operatorLeg);
        using var sending = new CancellationTokenSource();
        var callerSends = SendEveryFrameAsync(caller, callerLeg, callerLaw, callerFrame, sending.Token);
        var operatorSends = SendEveryFrameAsync(operatorPeer, operatorLeg, operatorLaw, operatorFrame, sending.Token);
        var heardByOperator = await CollectAsync(operatorPeer, TimeSpan.FromSeconds(1.5));
        var heardByCaller = await CollectAsync(caller, TimeSpan.FromSeconds(0.5));
        await sending.CancelAsync();
        await Task.WhenAll(callerSends, operatorSends).WaitAsync(Wait);
        var statistics = bridge.GetStatistics();

        // Assert: bit for bit what the far leg sent, through linear, in this leg's law and payload type.
        var expectedAtOperator = Encode(operatorLaw, Decode(callerLaw, callerFrame));
        var expectedAtCaller = Encode(callerLaw, Decode(operatorLaw, operatorFrame));
        Assert.Contains(heardByOperator, p => p.Payload.AsSpan().SequenceEqual(expectedAtOperator));
        Assert.Contains(heardByCaller, p => p.Payload.AsSpan().SequenceEqual(expectedAtCaller));
        Assert.All(heardByOperator, p => Assert.Equal(PayloadType(operatorLaw), p.Header.PayloadType));
        Assert.All(heardByCaller, p => Assert.Equal(PayloadType(callerLaw), p.Header.PayloadType));
        // Relayed all along (2 s of 20 ms frames at most); how many depends on the machine's load, not on the bridge.
        Assert.InRange(statistics.FramesFirstToSecond, 10, 200);
        Assert.InRange(statistics.FramesSecondToFirst, 10, 200);
        Assert.True(callerLeg.IsBridged);
    }

    [Fact]
    public async Task Connect_KeepsEachLegsSequenceAndTimestamps_AcrossTheSwitchToBridgedAudio()
    {
        // Arrange
        using var caller = new RtpPeer();
        using var operatorPeer = new RtpPeer();
        await using var callerLeg = Start(caller, G711Law.MuLaw);
        await using var operatorLeg = Start(operatorPeer, G711Law.MuLaw);
        var before = await CollectCountAsync(caller, 10);

        // Act
        using var bridge = MediaBridge.Connect(callerLeg, operatorLeg);
        var after = await CollectCountAsync(caller, 20);

        // Assert: one stream as far as the caller's phone can tell, one 20 ms packet per tick.
        var all = before.Concat(after).ToList();
        Assert.Equal(30, all.Count);
        for (var i = 1; i < all.Count; i++)
        {
            Assert.Equal(all[0].Header.Ssrc, all[i].Header.Ssrc);
            Assert.Equal((ushort)(all[i - 1].Header.SequenceNumber + 1), all[i].Header.SequenceNumber);
            Assert.Equal(all[i - 1].Header.Timestamp + 160, all[i].Header.Timestamp);
            Assert.Equal(160, all[i].Payload.Length);
        }
    }

    [Fact]
    public async Task Connect_SendsAKeyFromOneLegAsANewEventOnTheOther_AndStillReportsItOnItsOwnLeg()
    {
        // Arrange
        using var caller = new RtpPeer();
        using var operatorPeer = new RtpPeer();
        await using var callerLeg = Start(caller, G711Law.MuLaw);
        await using var operatorLeg = Start(operatorPeer, G711Law.ALaw);
        using var bridge = MediaBridge.Connect(callerLeg, operatorLeg);
        operatorPeer.Drain();

        // Act
        SendEvent(caller, Target(callerLeg), '5', timestamp: 16000);
        var digit = await callerLeg.Digits.ReadAsync().AsTask().WaitAsync(Wait);
        var events = new List<TelephoneEvent>();
        foreach (var packet in await CollectAsync(operatorPeer, TimeSpan.FromMilliseconds(800)))
        {
            if (packet.Header.PayloadType == 101 && TelephoneEvent.TryParse(packet.Payload, out var ev))
            {
                events.Add(ev);
            }
        }

        // Assert
        Assert.Equal('5', digit.Digit);
        Assert.Equal(DtmfMethod.Rfc4733, digit.Method);
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal(5, e.Event));
        Assert.Contains(events, e => e.End);
        Assert.Equal(1, bridge.GetStatistics().DigitsSentOnSecond);
        Assert.False(operatorLeg.Digits.TryRead(out _));
    }

    [Fact]
    public async Task Connect_DropsAKey_WhenTheOtherLegHasNoTelephoneEvent()
    {
        // Arrange
        using var caller = new RtpPeer();
        using var operatorPeer = new RtpPeer();
        await using var callerLeg = Start(caller, G711Law.MuLaw);
        await using var operatorLeg = _engine.CreateSession(IPAddress.Loopback);
        operatorLeg.Start(Remote(operatorPeer, G711Law.MuLaw) with { TelephoneEventPayloadType = null });
        using var bridge = MediaBridge.Connect(callerLeg, operatorLeg);

        // Act
        SendEvent(caller, Target(callerLeg), '7', timestamp: 16000);
        var digit = await callerLeg.Digits.ReadAsync().AsTask().WaitAsync(Wait);
        var packets = await CollectAsync(operatorPeer, TimeSpan.FromMilliseconds(500));

        // Assert
        Assert.Equal('7', digit.Digit);
        Assert.DoesNotContain(packets, p => p.Header.PayloadType == 101);
        Assert.Equal(0, bridge.GetStatistics().DigitsSentOnSecond);
    }

    [Fact]
    public async Task Dispose_ReturnsBothSessionsToPrompts_WhenTheBridgeStops()
    {
        // Arrange
        using var caller = new RtpPeer();
        using var operatorPeer = new RtpPeer();
        await using var callerLeg = Start(caller, G711Law.MuLaw);
        await using var operatorLeg = Start(operatorPeer, G711Law.MuLaw);
        var bridge = MediaBridge.Connect(callerLeg, operatorLeg);
        var heldBack = callerLeg.PlayAsync([PromptAudio.FromPcm("held", Sine(700, 5000, 1600))], interruptible: false, CancellationToken.None);
        await Task.Delay(300);
        var playedWhileBridged = heldBack.IsCompleted;

        // Act
        bridge.Dispose();
        var result = await heldBack.WaitAsync(Wait);
        var again = MediaBridge.Connect(callerLeg, operatorLeg);
        again.Dispose();

        // Assert
        Assert.False(playedWhileBridged);
        Assert.Equal(PlaybackOutcome.Completed, result.Outcome);
        Assert.False(callerLeg.IsBridged);
        Assert.False(operatorLeg.IsBridged);
    }

    [Fact]
    public async Task Connect_StopsThePromptPlaying_WhenTheLegsAreJoined()
    {
        // Arrange
        using var caller = new RtpPeer();
        using var operatorPeer = new RtpPeer();
        await using var callerLeg = Start(caller, G711Law.MuLaw);
        await using var operatorLeg = Start(operatorPeer, G711Law.MuLaw);
        var playing = callerLeg.PlayAsync([PromptAudio.Silence(TimeSpan.FromSeconds(30))], interruptible: false, CancellationToken.None);

        // Act
        using var bridge = MediaBridge.Connect(callerLeg, operatorLeg);
        var result = await playing.WaitAsync(Wait);

        // Assert
        Assert.Equal(PlaybackOutcome.Stopped, result.Outcome);
    }

    [Fact]
    public async Task Connect_Throws_WhenASessionIsAlreadyBridged()
    {
        // Arrange
        using var a = new RtpPeer();
        using var b = new RtpPeer();
        using var c = new RtpPeer();
        await using var first = Start(a, G711Law.MuLaw);
        await using var second = Start(b, G711Law.MuLaw);
        await using var third = Start(c, G711Law.MuLaw);
        using var bridge = MediaBridge.Connect(first, second);

        // Act
        var busy = Assert.Throws<InvalidOperationException>(() => MediaBridge.Connect(third, second));
        var itself = Assert.Throws<ArgumentException>(() => MediaBridge.Connect(third, third));

        // Assert
        Assert.Equal("the media session is already bridged", busy.Message);
        Assert.StartsWith("a media session cannot be bridged to itself", itself.Message, StringComparison.Ordinal);
        Assert.False(third.IsBridged);
    }

    [Fact]
    public async Task CallRecording_HoldsTheCallerLeftAndTheOtherLegRight_WhileBridged()
    {
        // Arrange
        using var caller = new RtpPeer();
        using var operatorPeer = new RtpPeer();
        var path = Path.Combine(_directory, "bridged.wav");
        var callerLeg = Start(caller, G711Law.MuLaw);
        await using var operatorLeg = Start(operatorPeer, G711Law.ALaw);
        callerLeg.StartRecording(path, RecordingLayout.Stereo);
        using var bridge = MediaBridge.Connect(callerLeg, operatorLeg);

        // Act: the caller talks for the first second, the operator for the next.
        using (var sending = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            await SendEveryFrameAsync(caller, callerLeg, G711Law.MuLaw, Encode(G711Law.MuLaw, Sine(400, 8000)), sending.Token);
        }

        using (var sending = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            await SendEveryFrameAsync(operatorPeer, operatorLeg, G711Law.ALaw, Encode(G711Law.ALaw, Sine(1000, 8000)), sending.Token);
        }

        await Task.Delay(200);
        await callerLeg.DisposeAsync();

        // Assert
        var (left, right) = ReadStereo(path);
        Assert.InRange(left.Length, 8000 * 1.6, 8000 * 4);
        var half = left.Length / 2;
        var callerLoud = Rms(left.AsSpan(0, half));
        var operatorLoud = Rms(right.AsSpan(half));
        Assert.True(callerLoud > 2000, $"caller channel RMS {callerLoud:F0} while the caller talked");
        Assert.True(operatorLoud > 2000, $"other leg's channel RMS {operatorLoud:F0} while the operator talked");
        Assert.True(Rms(left.AsSpan(half + 2400)) < 200, "the caller channel carried the operator");
    }

    [Fact]
    public async Task Tick_AllocatesNothing_WhileBridged()
    {
        // Arrange
        using var caller = new RtpPeer();
        using var operatorPeer = new RtpPeer();
        await using var callerLeg = Start(caller, G711Law.MuLaw);
        await using var operatorLeg = Start(operatorPeer, G711Law.ALaw);
        using var bridge = MediaBridge.Connect(callerLeg, operatorLeg);
        var frame = Encode(G711Law.MuLaw, Sine(400, 6000));
        for (var i = 0; i < 8; i++)
        {
            caller.Send(Target(callerLeg), 0, (uint)(i * 160), frame);
        }

        await Task.Delay(100);
        var first = (IPacedStream)callerLeg;
        var second = (IPacedStream)operatorLeg;
        first.OnTick(0);
        second.OnTick(0);

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i < 200; i++)
        {
            first.OnTick(i);
            second.OnTick(i);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.Equal(0, allocated);
        Assert.True(bridge.GetStatistics().FramesFirstToSecond > 0);
    }

    public void Dispose()
    {
        _engine.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private MediaSession Start(RtpPeer peer, G711Law law)
    {
        var session = _engine.CreateSession(IPAddress.Loopback);
        session.Start(Remote(peer, law));
        return session;
    }

    private static MediaEndpoint Remote(RtpPeer peer, G711Law law) =>
        new(peer.EndPoint, new IPEndPoint(IPAddress.Loopback, peer.EndPoint.Port + 1), law, PayloadType(law), 101, true, true);

    private static IPEndPoint Target(MediaSession session) => new(IPAddress.Loopback, session.LocalRtpPort);

    private static byte PayloadType(G711Law law) => law == G711Law.MuLaw ? (byte)0 : (byte)8;

    /// <summary>The far end talking: one frame every 20 ms until cancelled.</summary>
    private static async Task SendEveryFrameAsync(RtpPeer peer, MediaSession session, G711Law law, byte[] frame, CancellationToken cancellationToken)
    {
        var target = Target(session);
        for (uint i = 0; !cancellationToken.IsCancellationRequested; i++)
        {
            peer.Send(target, PayloadType(law), i * 160, frame);
            try
            {
                await Task.Delay(20, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<List<(RtpHeader Header, byte[] Payload)>> CollectAsync(RtpPeer peer, TimeSpan duration)
    {
        var packets = new List<(RtpHeader Header, byte[] Payload)>();
        var until = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < until && await peer.ReceiveAsync(TimeSpan.FromMilliseconds(200)) is { } packet)
        {
            packets.Add(packet);
        }

        return packets;
    }

    private static async Task<List<(RtpHeader Header, byte[] Payload)>> CollectCountAsync(RtpPeer peer, int count)
    {
        var packets = new List<(RtpHeader Header, byte[] Payload)>();
        while (packets.Count < count && await peer.ReceiveAsync(Wait) is { } packet)
        {
            packets.Add(packet);
        }

        return packets;
    }

    private static void SendEvent(RtpPeer peer, IPEndPoint target, char digit, uint timestamp)
    {
        var code = (byte)(digit - '0');
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

    private static short[] Sine(double frequency, double amplitude, int length = TelephonyAudio.FrameSamples)
    {
        var samples = new short[length];
        for (var i = 0; i < length; i++)
        {
            samples[i] = (short)(amplitude * Math.Sin(2 * Math.PI * frequency * i / 8000));
        }

        return samples;
    }

    private static byte[] Encode(G711Law law, short[] samples)
    {
        var codes = new byte[samples.Length];
        G711.Encode(law, samples, codes);
        return codes;
    }

    private static short[] Decode(G711Law law, byte[] codes)
    {
        var samples = new short[codes.Length];
        G711.Decode(law, codes, samples);
        return samples;
    }

    /// <summary>The two channels of a 16-bit stereo WAV, from its data chunk.</summary>
    private static (short[] Left, short[] Right) ReadStereo(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(WavReader.TryRead(bytes, out var wav, out var error), error);
        Assert.Equal(2, wav!.SourceChannels);
        var offset = 12;
        while (offset + 8 <= bytes.Length && !bytes.AsSpan(offset, 4).SequenceEqual("data"u8))
        {
            offset += 8 + BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
        }

        var data = bytes.AsSpan(offset + 8);
        var frames = data.Length / 4;
        var left = new short[frames];
        var right = new short[frames];
        for (var i = 0; i < frames; i++)
        {
            left[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(4 * i)..]);
            right[i] = BinaryPrimitives.ReadInt16LittleEndian(data[((4 * i) + 2)..]);
        }

        return (left, right);
    }

    private static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var sample in samples)
        {
            sum += (double)sample * sample;
        }

        return samples.Length == 0 ? 0 : Math.Sqrt(sum / samples.Length);
    }
}
