using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Xml.Linq;
using IvrService.Sip;

namespace IvrService.Testing.Tests;

/// <summary>
/// The SIPp callee scripts against a real caller: the product's own SIP user agent dials SIPp, which answers, keys
/// answers by RFC 4733, is busy, declines, does not answer, or hangs up, as its script says.
/// </summary>
public sealed class SippCalleeScriptTests
{
    private const string Customer = "09121234567";
    private const string CallerId = "02191001000";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task InviteAsync_EstablishesDialogAndReceivesEveryKey_WhenCalleeAnswersAndPresses()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = new SippCalleeScript()
            .Ring(TimeSpan.FromMilliseconds(300)).Answer()
            .Wait(TimeSpan.FromMilliseconds(500)).Press("15#", TimeSpan.FromMilliseconds(300))
            .ExpectBye(TimeSpan.FromSeconds(20))
            .Write();
        await using var rig = await CalleeRig.StartAsync(scenario.Answering(), timeout.Token);
        var ringing = new List<int>();

        // Act
        var result = await rig.InviteAsync(
            call => call with
            {
                ExtraHeaders = [new("X-Survey-Id", "hc-42")],
                OnProvisional = r => ringing.Add(r.StatusCode),
            },
            timeout.Token);
        var keys = await rig.Media.WaitForKeysAsync(3, timeout.Token);
        var bye = await rig.Agent.ByeAsync(result.Dialog!, timeout.Token);
        var sipp = await rig.Callee.WaitForExitAsync(timeout.Token);

        // Assert
        Assert.True(result.Answered, $"final {result.FinalResponse.StatusCode}");
        Assert.Equal("OK", result.FinalResponse.ReasonPhrase);
        Assert.Contains(180, ringing);
        Assert.Equal("15#", keys);
        Assert.Equal(200, bye.StatusCode);
        Assert.True(sipp.Succeeded, sipp.Describe());
        Assert.Equal(["call 1: script 1", "call 1: ringing", "call 1: answered", "call 1: bye received", "call 1: ended"], rig.Callee.ReadLogLines());
        var invite = Assert.Single(rig.Callee.ReadMessages(), m => m.Received && m.Method == "INVITE");
        Assert.Equal($"sip:{Customer}@{rig.Callee.LocalEndPoint}", invite.RequestUri);
        Assert.StartsWith($"\"Survey\" <sip:{CallerId}@127.0.0.1>;tag=", invite.Header("From"), StringComparison.Ordinal);
        Assert.Equal("hc-42", invite.Header("x-survey-id"));
        Assert.Contains($"m=audio {rig.Media.Port} RTP/AVP 0 8 101", invite.Body, StringComparison.Ordinal);
        Assert.Single(rig.Callee.ReadMessages(), m => !m.Received && m.StartLine == "SIP/2.0 180 Ringing");
        var answer = Assert.Single(rig.Callee.ReadMessages(), m => !m.Received && m.StatusCode == 200 && m.Header("CSeq")!.EndsWith("INVITE", StringComparison.Ordinal));
        Assert.Contains($"m=audio {rig.Callee.MediaPort} RTP/AVP 0 101", answer.Body, StringComparison.Ordinal);
        Assert.Contains("a=rtpmap:101 telephone-event/8000", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InviteAsync_Gets486WithoutRinging_WhenCalleeIsBusy()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = new SippCalleeScript().Busy().Write();
        await using var rig = await CalleeRig.StartAsync(scenario.Answering(), timeout.Token);
        var provisional = new List<int>();

        var result = await rig.InviteAsync(call => call with { OnProvisional = r => provisional.Add(r.StatusCode) }, timeout.Token);
        var sipp = await rig.Callee.WaitForExitAsync(timeout.Token);

        Assert.False(result.Answered);
        Assert.Equal(486, result.FinalResponse.StatusCode);
        Assert.DoesNotContain(provisional, code => code is 180 or 183);
        Assert.True(sipp.Succeeded, sipp.Describe());
        Assert.Contains("call 1: busy 486", rig.Callee.ReadLogLines());
        Assert.Single(rig.Callee.ReadMessages(), m => m.Received && m.Method == "ACK");
    }

    [Theory]
    [InlineData(603)]
    [InlineData(486)]
    public async Task InviteAsync_GetsTheRejectionAfterRinging_WhenCalleeDeclines(int code)
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = new SippCalleeScript().Ring(TimeSpan.FromMilliseconds(500)).Decline(code).Write();
        await using var rig = await CalleeRig.StartAsync(scenario.Answering(), timeout.Token);
        var provisional = new List<int>();

        var result = await rig.InviteAsync(call => call with { OnProvisional = r => provisional.Add(r.StatusCode) }, timeout.Token);
        var sipp = await rig.Callee.WaitForExitAsync(timeout.Token);

        Assert.False(result.Answered);
        Assert.False(result.CancelledByUs);
        Assert.Equal(code, result.FinalResponse.StatusCode);
        Assert.Contains(180, provisional);
        Assert.True(sipp.Succeeded, sipp.Describe());
        Assert.Equal(["call 1: script 1", "call 1: ringing", $"call 1: declined {code}", "call 1: ended"], rig.Callee.ReadLogLines());
    }

    [Fact]
    public async Task InviteAsync_GetsTheFailureCode_WhenCalleeFails()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = new SippCalleeScript().Fail(480).Write();
        await using var rig = await CalleeRig.StartAsync(scenario.Answering(), timeout.Token);

        var result = await rig.InviteAsync(timeout.Token);
        var sipp = await rig.Callee.WaitForExitAsync(timeout.Token);

        Assert.Equal(480, result.FinalResponse.StatusCode);
        Assert.Equal("Temporarily Unavailable", result.FinalResponse.ReasonPhrase);
        Assert.True(sipp.Succeeded, sipp.Describe());
        Assert.Contains("call 1: failed 480", rig.Callee.ReadLogLines());
    }

    [Fact]
    public async Task InviteAsync_CancelsAndGets487_WhenCalleeDoesNotAnswer()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = new SippCalleeScript().NoAnswer().Write();
        await using var rig = await CalleeRig.StartAsync(scenario.Answering(), timeout.Token);

        var result = await rig.InviteAsync(call => call with { RingTimeout = TimeSpan.FromSeconds(1) }, timeout.Token);
        var sipp = await rig.Callee.WaitForExitAsync(timeout.Token);

        Assert.False(result.Answered);
        Assert.True(result.CancelledByUs);
        Assert.Equal(487, result.FinalResponse.StatusCode);
        Assert.True(sipp.Succeeded, sipp.Describe());
        Assert.Equal(["call 1: script 1", "call 1: ringing", "call 1: cancelled", "call 1: ended"], rig.Callee.ReadLogLines());
        var messages = rig.Callee.ReadMessages();
        var invite = Assert.Single(messages, m => m.Received && m.Method == "INVITE");
        var cancel = Assert.Single(messages, m => m.Received && m.Method == "CANCEL");
        Assert.Equal(invite.Header("Via"), cancel.Header("Via"));
        Assert.Single(messages, m => !m.Received && m.StatusCode == 487);
    }

    [Fact]
    public async Task InviteAsync_CancelsAndGets487_WhenCalleeRingsLongerThanTheRingTimeout()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = new SippCalleeScript().Ring(TimeSpan.FromSeconds(30)).Answer().ExpectBye(TimeSpan.FromSeconds(5)).Write();
        await using var rig = await CalleeRig.StartAsync(scenario.Answering(), timeout.Token);

        var result = await rig.InviteAsync(call => call with { RingTimeout = TimeSpan.FromSeconds(1) }, timeout.Token);
        var sipp = await rig.Callee.WaitForExitAsync(timeout.Token);

        Assert.True(result.CancelledByUs);
        Assert.Equal(487, result.FinalResponse.StatusCode);
        Assert.True(sipp.Succeeded, sipp.Describe());
        Assert.Contains("call 1: cancelled", rig.Callee.ReadLogLines());
        Assert.DoesNotContain("call 1: answered", rig.Callee.ReadLogLines());
    }

    [Fact]
    public async Task InviteAsync_TakesTheCalleesBye_WhenCalleeHangsUp()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = new SippCalleeScript().Answer().Wait(TimeSpan.FromMilliseconds(300)).SendBye().Write();
        await using var rig = await CalleeRig.StartAsync(scenario.Answering(), timeout.Token);
        var byeReceived = new TaskCompletionSource<SipRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Agent.Handlers.Bye = async (transaction, cancellationToken) =>
        {
            await transaction.RespondAsync(200, cancellationToken: cancellationToken);
            byeReceived.TrySetResult(transaction.Request);
        };

        var result = await rig.InviteAsync(timeout.Token);
        var bye = await byeReceived.Task.WaitAsync(timeout.Token);
        var sipp = await rig.Callee.WaitForExitAsync(timeout.Token);

        Assert.True(result.Answered);
        Assert.Equal(result.Dialog!.CallId, bye.CallId);
        Assert.Equal(0, rig.Agent.DialogCount);
        Assert.True(sipp.Succeeded, sipp.Describe());
        Assert.Equal(["call 1: script 1", "call 1: answered", "call 1: bye sent", "call 1: ended"], rig.Callee.ReadLogLines());
    }

    [Fact]
    public async Task InviteAsync_IsBusyThenAnswered_WhenSuccessiveCallsRunSuccessiveScripts()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = SippCalleeScript.WriteSequence(
            new SippCalleeScript().Busy(),
            new SippCalleeScript().Ring(TimeSpan.FromMilliseconds(200)).Answer().Press("2").ExpectBye(TimeSpan.FromSeconds(20)));
        await using var rig = await CalleeRig.StartAsync(scenario.Answering(calls: 3), timeout.Token);
        await using var firstMedia = new RtpSink();
        await using var secondMedia = new RtpSink();
        await using var thirdMedia = new RtpSink();

        var first = await rig.InviteAsync(timeout.Token, firstMedia);
        var second = await rig.InviteAsync(timeout.Token, secondMedia);
        await secondMedia.WaitForKeysAsync(1, timeout.Token);
        await rig.Agent.ByeAsync(second.Dialog!, timeout.Token);
        var third = await rig.InviteAsync(timeout.Token, thirdMedia);
        await thirdMedia.WaitForKeysAsync(1, timeout.Token);
        await rig.Agent.ByeAsync(third.Dialog!, timeout.Token);
        var sipp = await rig.Callee.WaitForExitAsync(timeout.Token);

        Assert.Equal(486, first.FinalResponse.StatusCode);
        Assert.True(second.Answered);
        Assert.True(third.Answered);
        Assert.Equal("2", secondMedia.Keys);
        Assert.Equal("2", thirdMedia.Keys);
        Assert.True(sipp.Succeeded, sipp.Describe());
        Assert.Equal(3, sipp.SuccessfulCalls);
        var lines = rig.Callee.ReadLogLines();
        Assert.Contains("call 1: script 1", lines);
        Assert.Contains("call 1: busy 486", lines);
        Assert.Contains("call 2: script 2", lines);
        Assert.Contains("call 3: script 2", lines);
        Assert.Equal(2, lines.Count(l => l.EndsWith(": answered", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task InviteAsync_ReceivesTheGreeting_WhenAnsweringMachinePlaysSpeech()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        var greeting = RtpCapture.Read(SippCallerScript.VoiceCapture);
        using var scenario = new SippCalleeScript(8)
            .RingWithEarlyMedia(TimeSpan.FromMilliseconds(300)).Answer()
            .Play(SippCallerScript.VoiceCapture)
            .ExpectBye(TimeSpan.FromSeconds(20))
            .Write();
        await using var rig = await CalleeRig.StartAsync(scenario.Answering(), timeout.Token);
        var earlyAnswers = new List<string>();

        var result = await rig.InviteAsync(
            call => call with { OnProvisional = r => { if (r.StatusCode == 183) { earlyAnswers.Add(r.BodyText); } } },
            timeout.Token);
        while (rig.Media.PayloadLengths(8).Count < greeting.PacketCount)
        {
            await Task.Delay(50, timeout.Token);
        }

        await rig.Agent.ByeAsync(result.Dialog!, timeout.Token);
        var sipp = await rig.Callee.WaitForExitAsync(timeout.Token);

        Assert.True(result.Answered);
        Assert.Contains($"m=audio {rig.Callee.MediaPort} RTP/AVP 8 101", Assert.Single(earlyAnswers), StringComparison.Ordinal);
        Assert.All(rig.Media.PayloadLengths(8), length => Assert.Equal(240, length));
        Assert.Equal(greeting.PacketCount, rig.Media.PayloadLengths(8).Count);
        Assert.True(sipp.Succeeded, sipp.Describe());
    }

    [Fact]
    public async Task StopAsync_HoldsTheAudioSentToTheCallee_WhenCallerSendsRtp()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = new SippCalleeScript().Answer().ExpectBye(TimeSpan.FromSeconds(20)).Write();
        await using var rig = await CalleeRig.StartAsync(scenario.Answering(), timeout.Token);
        await using var capture = await RtpWireCapture.StartAsync(rig.Callee.MediaPort, timeout.Token);
        var result = await rig.InviteAsync(timeout.Token);
        using var sender = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        // Act: 25 packets of PCMU, each payload filled with its own index, to the media port of the 200's SDP.
        for (var i = 0; i < 25; i++)
        {
            var packet = new byte[12 + 160];
            packet[0] = 0x80;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)i);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)(i * 160));
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x1234);
            packet.AsSpan(12).Fill((byte)i);
            await sender.SendAsync(packet, new IPEndPoint(IPAddress.Loopback, rig.Callee.MediaPort), timeout.Token);
            await Task.Delay(20, timeout.Token);
        }

        await rig.Agent.ByeAsync(result.Dialog!, timeout.Token);
        var sipp = await rig.Callee.WaitForExitAsync(timeout.Token);
        var audio = await capture.StopAsync(timeout.Token);

        // Assert
        Assert.True(sipp.Succeeded, sipp.Describe());
        Assert.NotNull(audio);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (byte)i), audio.Payloads().Select(p => p[0]));
        Assert.Equal(0, audio.PayloadType);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CallerAndCalleeScripts_CompleteTheCall_WhenEitherSideHangsUp(bool callerHangsUp)
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        var calleeScript = new SippCalleeScript(8).Ring(TimeSpan.FromMilliseconds(200)).Answer().Press("3");
        var callerScript = new SippCallerScript(CallerId, 8).Press("4");
        using var calleeScenario = (callerHangsUp ? calleeScript.ExpectBye(TimeSpan.FromSeconds(10)) : calleeScript.Wait(TimeSpan.FromMilliseconds(500)).SendBye()).Write();
        using var callerScenario = (callerHangsUp ? callerScript.Wait(TimeSpan.FromMilliseconds(500)).SendBye() : callerScript.ExpectBye(TimeSpan.FromSeconds(10))).Write();
        await using var callee = SippProcess.Start(calleeScenario.Answering());
        await callee.WaitUntilListeningAsync(timeout.Token);

        await using var caller = SippProcess.Start(callerScenario.Calling(callee.LocalIp, callee.LocalPort));
        var callerResult = await caller.WaitForExitAsync(timeout.Token);
        var calleeResult = await callee.WaitForExitAsync(timeout.Token);

        Assert.True(callerResult.Succeeded, callerResult.Describe());
        Assert.True(calleeResult.Succeeded, calleeResult.Describe());
        Assert.Contains(callerHangsUp ? "call 1: bye received" : "call 1: bye sent", callee.ReadLogLines());
        Assert.Contains(caller.ReadMessages(), m => m.Received && m.StartLine == "SIP/2.0 200 OK" && m.Body.Contains("RTP/AVP 8 101", StringComparison.Ordinal));
    }

    [Fact]
    public void WriteSequence_JumpsByCallNumber_WhenScriptsDiffer()
    {
        using var scenario = SippCalleeScript.WriteSequence(
            new SippCalleeScript().Busy(),
            new SippCalleeScript().NoAnswer(),
            new SippCalleeScript(0, 8).Answer().Press("9").SendBye());

        var xml = XDocument.Load(scenario.Path);
        var tests = xml.Descendants("test").Select(t => ((string?)t.Attribute("assign_to"), (string?)t.Attribute("value"))).ToList();
        var jumps = xml.Root!.Elements("nop").Where(n => ((string?)n.Attribute("next"))?.StartsWith("script_", StringComparison.Ordinal) == true)
            .Select(n => ((string?)n.Attribute("test"), (string?)n.Attribute("next"))).ToList();
        var labels = xml.Descendants("label").Select(l => (string?)l.Attribute("id")).ToList();

        Assert.Equal([("up_to_1", "1"), ("up_to_2", "2")], tests);
        Assert.Equal([("up_to_1", "script_1"), ("up_to_2", "script_2"), (null, "script_3")], jumps);
        Assert.Contains("script_3", labels);
        Assert.Contains("done", labels);
        Assert.Equal(labels.Count, labels.Distinct().Count());
        Assert.Contains(xml.Descendants("send"), s => s.Value.Contains("m=audio [media_port] RTP/AVP 0 8 101", StringComparison.Ordinal));
        Assert.All(xml.Descendants("exec"), e => Assert.True(File.Exists((string?)e.Attribute("play_pcap_audio"))));
    }

    [Fact]
    public void Write_ThrowsNamingTheScript_WhenAScriptHasNoOutcome()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SippCalleeScript.WriteSequence(new SippCalleeScript().Busy(), new SippCalleeScript().Ring(TimeSpan.FromSeconds(1))));

        Assert.Contains("callee script 2 has no outcome", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Throws_WhenAnsweredCallIsNeverEnded()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new SippCalleeScript().Answer().Press("1").Write());

        Assert.Contains("ExpectBye or SendBye", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Busy_Throws_WhenCalleeAlreadyRings()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new SippCalleeScript().Ring(TimeSpan.FromSeconds(1)).Busy());

        Assert.Contains("Decline(486)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Press_Throws_WhenCallIsNotAnswered()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new SippCalleeScript().Ring(TimeSpan.FromSeconds(1)).Press("1"));

        Assert.Contains("after Answer()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Play_ThrowsNamingThePayloadType_WhenTheAnswerDoesNotListIt()
    {
        var error = Assert.Throws<ArgumentException>(() => new SippCalleeScript(0).Answer().Play(SippCallerScript.VoiceCapture));

        Assert.Contains("payload type 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decline_Throws_WhenCodeIsNotADecline()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SippCalleeScript().Decline(404));
    }

    /// <summary>A SIPp callee running a scenario, the product's user agent to call it and an RTP sink for its media.</summary>
    private sealed class CalleeRig : IAsyncDisposable
    {
        private CalleeRig(SippProcess callee, SipUserAgent agent, RtpSink media)
        {
            Callee = callee;
            Agent = agent;
            Media = media;
        }

        public SippProcess Callee { get; }

        public SipUserAgent Agent { get; }

        /// <summary>The media port offered unless a call is given another sink.</summary>
        public RtpSink Media { get; }

        public static async Task<CalleeRig> StartAsync(SippOptions options, CancellationToken cancellationToken)
        {
            var callee = SippProcess.Start(options);
            try
            {
                await callee.WaitUntilListeningAsync(cancellationToken);
            }
            catch
            {
                await callee.DisposeAsync();
                throw;
            }

            var agent = new SipUserAgent(new SipOptions { ListenAddress = "127.0.0.1", Port = FreePorts.Next(), EnableTcp = false });
            agent.Start();
            return new CalleeRig(callee, agent, new RtpSink());
        }

        /// <summary>Calls the callee from <see cref="CallerId"/>, offering <paramref name="media"/> (or <see cref="Media"/>).</summary>
        public Task<SipInviteResult> InviteAsync(CancellationToken cancellationToken, RtpSink? media = null) =>
            InviteAsync(call => call, cancellationToken, media);

        public Task<SipInviteResult> InviteAsync(Func<SipOutgoingCall, SipOutgoingCall> adjust, CancellationToken cancellationToken, RtpSink? media = null)
        {
            var call = new SipOutgoingCall(
                SipUri.Create("sip", Customer, "127.0.0.1", Callee.LocalPort),
                new SipNameAddress(SipUri.Create("sip", CallerId, "127.0.0.1"), "Survey"))
            {
                SdpOffer = (media ?? Media).Offer,
                RingTimeout = TimeSpan.FromSeconds(20),
            };
            return Agent.InviteAsync(adjust(call), cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            await Media.DisposeAsync();
            await Agent.DisposeAsync();
            await Callee.DisposeAsync();
        }
    }
}
