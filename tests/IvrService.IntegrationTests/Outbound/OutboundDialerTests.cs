using System.Globalization;
using IvrService.Flows;
using IvrService.HappyCalls;
using IvrService.Storage;
using IvrService.Storage.HappyCalls;
using IvrService.Testing;

namespace IvrService.IntegrationTests.Outbound;

/// <summary>
/// The outbound dialer of a running product against SIPp callees behind its trunk: what the INVITE carries, how each
/// final response maps to the attempt's outcome, a CANCEL at the ring timeout, digest authentication, and an answered
/// call's port carrying prompts out and RFC 4733 keys in, with its outbound call record.
/// </summary>
public sealed class OutboundDialerTests(OutboundHost host) : IClassFixture<OutboundHost>
{
    private const string Number = "+989121234567";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    private static string Scenario(string name) => Path.Combine(AppContext.BaseDirectory, "Outbound", "Scenarios", name);

    private string Target(string user) => $"sip:{user}@127.0.0.1:{host.TrunkPort.ToString(CultureInfo.InvariantCulture)}";

    [Fact]
    public async Task Dial_IsBusy_WhenCalleeAnswers486BeforeRinging()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var meters = new CallMeterProbe();
        await using var callee = await host.StartCalleeAsync(SippOptions.ForScenario("uas-busy.xml"), timeout.Token);

        // Act
        await using var call = await host.Dialer.DialAsync(new OutboundDialRequest(Number, TimeSpan.FromSeconds(10), false, "busy test"), timeout.Token);
        var sipp = await callee.WaitForExitAsync(timeout.Token);

        // Assert: the outcome, and the INVITE as the trunk saw it.
        Assert.Equal(AttemptOutcome.Busy, call.Failure);
        Assert.Equal(486, call.SipStatus);
        Assert.Null(call.Port);
        Assert.True(meters.Count("ivr.calls.outbound.dialed", "outcome", "busy") >= 1, "no busy outcome counted");
        Assert.True(meters.Count("ivr.calls.started", "direction", "outbound") >= 1, "no outbound call counted as started");
        Assert.True(sipp.Succeeded, sipp.Describe());
        var trace = callee.ReadMessageTrace();
        Assert.Contains($"INVITE {Target(Number)} SIP/2.0", trace, StringComparison.Ordinal);
        Assert.Matches($"From: <sip:\\{OutboundHost.CallerId}@127\\.0\\.0\\.1>;tag=", trace);
        Assert.Contains($"P-Asserted-Identity: <sip:{OutboundHost.CallerId}@127.0.0.1>", trace, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/sdp", trace, StringComparison.Ordinal);
        Assert.Matches("m=audio \\d+ RTP/AVP 0 8 101", trace);
        Assert.Contains("a=rtpmap:101 telephone-event/8000", trace, StringComparison.Ordinal);

        var record = await EndedRecordAsync(callee, timeout.Token);
        Assert.Equal(call.CallRecordId, record.Id);
        Assert.Equal(CallDirection.Outbound, record.Direction);
        Assert.Equal(CallEndReason.Rejected, record.EndReason);
        Assert.Equal(486, record.SipStatus);
        Assert.Null(record.AnsweredAt);
        Assert.Equal(OutboundHost.CallerId, record.Caller);
        Assert.Equal(Number, record.Called);
        Assert.Equal("busy", record.Flow?.Outcome);
    }

    [Fact]
    public async Task Dial_IsDeclined_WhenCalleeRingsThenAnswers603()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(RunTimeout);
        await using var callee = await host.StartCalleeAsync(SippOptions.ForScenario(Scenario("uas-ring-decline.xml")), timeout.Token);

        // Act
        await using var call = await host.Dialer.DialAsync(new OutboundDialRequest(Number, TimeSpan.FromSeconds(10), false, "decline test"), timeout.Token);
        var sipp = await callee.WaitForExitAsync(timeout.Token);

        // Assert
        Assert.Equal(AttemptOutcome.Declined, call.Failure);
        Assert.Equal(603, call.SipStatus);
        Assert.True(sipp.Succeeded, sipp.Describe());
        var record = await EndedRecordAsync(callee, timeout.Token);
        Assert.Equal(CallEndReason.Rejected, record.EndReason);
        Assert.Equal("declined", record.Flow?.Outcome);
    }

    [Fact]
    public async Task Dial_IsBusy_WhenCalleeRejects486AfterEarlyMedia()
    {
        // Arrange: 183 with SDP is progress, not ringing (a busy announcement comes that way); its media is not taken up.
        using var timeout = new CancellationTokenSource(RunTimeout);
        await using var callee = await host.StartCalleeAsync(SippOptions.ForScenario(Scenario("uas-early-media-reject.xml")), timeout.Token);

        // Act
        await using var call = await host.Dialer.DialAsync(new OutboundDialRequest(Number, TimeSpan.FromSeconds(10), false, "early media test"), timeout.Token);
        var sipp = await callee.WaitForExitAsync(timeout.Token);

        // Assert
        Assert.Equal(AttemptOutcome.Busy, call.Failure);
        Assert.Equal(486, call.SipStatus);
        Assert.True(sipp.Succeeded, sipp.Describe());
        var record = await EndedRecordAsync(callee, timeout.Token);
        Assert.Null(record.AnsweredAt);
        Assert.Null(record.RecordingPath);
        Assert.Equal("busy", record.Flow?.Outcome);
    }

    [Fact]
    public async Task Dial_CancelsAndReportsNoAnswer_WhenItRingsPastTheRingTimeout()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(RunTimeout);
        await using var callee = await host.StartCalleeAsync(SippOptions.ForScenario(SippScenarios.UasRingNoAnswer), timeout.Token);
        var started = DateTimeOffset.UtcNow;

        // Act
        await using var call = await host.Dialer.DialAsync(new OutboundDialRequest(Number, TimeSpan.FromSeconds(2), false, "no answer test"), timeout.Token);
        var elapsed = DateTimeOffset.UtcNow - started;
        var sipp = await callee.WaitForExitAsync(timeout.Token);

        // Assert
        Assert.Equal(AttemptOutcome.NoAnswer, call.Failure);
        Assert.Equal(487, call.SipStatus);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(10));
        Assert.True(sipp.Succeeded, sipp.Describe());
        Assert.Contains($"CANCEL {Target(Number)} SIP/2.0", callee.ReadMessageTrace(), StringComparison.Ordinal);
        var record = await EndedRecordAsync(callee, timeout.Token);
        Assert.Equal(CallEndReason.Cancelled, record.EndReason);
        Assert.Equal(487, record.SipStatus);
        Assert.Equal("no_answer", record.Flow?.Outcome);
    }

    [Fact]
    public async Task Dial_WritesTheNumberInTheTrunksNationalFormat_WhenTheTrunkAsksForIt()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(RunTimeout);
        await using var callee = await host.StartCalleeAsync(SippOptions.ForScenario("uas-busy.xml"), timeout.Token);

        // Act
        await using var call = await host.Dialer.DialAsync(
            new OutboundDialRequest(Number, TimeSpan.FromSeconds(10), false, "national test") { Trunk = "national" }, timeout.Token);
        var sipp = await callee.WaitForExitAsync(timeout.Token);

        // Assert: 0912…, and without a caller id no P-Asserted-Identity.
        Assert.Equal(AttemptOutcome.Busy, call.Failure);
        Assert.True(sipp.Succeeded, sipp.Describe());
        var trace = callee.ReadMessageTrace();
        Assert.Contains($"INVITE {Target("09121234567")} SIP/2.0", trace, StringComparison.Ordinal);
        Assert.DoesNotContain("P-Asserted-Identity", trace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dial_AuthenticatesWithTheTrunksCredentials_WhenTheTrunkChallenges()
    {
        // Arrange: the callee checks the digest itself (SIPp verifyauth) and fails the call on a wrong one.
        using var timeout = new CancellationTokenSource(RunTimeout);
        await using var callee = await host.StartCalleeAsync(
            SippOptions.ForScenario(SippScenarios.UasAuthChallenge).WithKey("auth_user", OutboundHost.Username).WithKey("auth_password", OutboundHost.Password),
            timeout.Token);

        // Act: answered, screened (no detector: a person), hung up.
        await using var call = await host.Dialer.DialAsync(new OutboundDialRequest(Number, TimeSpan.FromSeconds(10), true, "auth test"), timeout.Token);
        Assert.Null(call.Failure);
        Assert.NotNull(call.Port);
        await call.HangUpAsync("completed", timeout.Token);
        var sipp = await callee.WaitForExitAsync(timeout.Token);

        // Assert
        Assert.Equal(200, call.SipStatus);
        Assert.True(sipp.Succeeded, sipp.Describe());
        var authorization = Assert.Single(callee.ReadLogLines(), l => l.StartsWith("authorization=", StringComparison.Ordinal));
        Assert.Contains($"username=\"{OutboundHost.Username}\"", authorization, StringComparison.Ordinal);
        Assert.Contains($"uri=\"{Target(Number)}\"", authorization, StringComparison.Ordinal);
        var record = await EndedRecordAsync(callee, timeout.Token);
        Assert.Equal(CallEndReason.IvrHangup, record.EndReason);
        Assert.NotNull(record.AnsweredAt);
        Assert.Equal("completed", record.Flow?.Outcome);
    }

    [Fact]
    public async Task AnsweredCall_PlaysPromptsAndReadsTheCalleesKeys_AndHangUpWritesTheOutboundRecord()
    {
        // Arrange: the callee echoes our RTP and presses 1 then 2 (RFC 4733, the Debian captures).
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var meters = new CallMeterProbe();
        await using var callee = await host.StartCalleeAsync(
            SippOptions.ForScenario(Scenario("uas-answer-keys.xml")) with { ExtraArguments = ["-rtp_echo"] }, timeout.Token);

        // Act
        await using var call = await host.Dialer.DialAsync(new OutboundDialRequest(Number, TimeSpan.FromSeconds(10), false, "keys test"), timeout.Token);
        var port = call.Port ?? throw new InvalidOperationException($"not answered: {call.Failure} {call.SipStatus} {call.Detail}");
        await port.PlayAsync([new PromptClip("en", "welcome", "Welcome")], interruptible: false, timeout.Token);
        var first = await port.ReadDigitAsync(timeout.Token).AsTask().WaitAsync(timeout.Token);
        var second = await port.ReadDigitAsync(timeout.Token).AsTask().WaitAsync(timeout.Token);
        var method = call.LastDigitMethod;
        await call.HangUpAsync("completed", timeout.Token);
        var sipp = await callee.WaitForExitAsync(timeout.Token);

        // Assert: keys in order, the call record of an outbound call with its keys and both directions of RTP.
        Assert.Null(call.Failure);
        Assert.True(meters.Count("ivr.calls.outbound.dialed", "outcome", "answered") >= 1, "no answered outcome counted");
        Assert.True(meters.Count("ivr.calls.setup_time", "direction", "outbound") >= 1, "no outbound setup time recorded");
        Assert.Equal(('1', '2'), (first, second));
        Assert.Equal(CallDigitMethod.Rfc4733, method);
        Assert.Equal(OutboundHost.CallerId, port.CallerNumber);
        Assert.Equal(Number, port.CalledNumber);
        Assert.True(sipp.Succeeded, sipp.Describe());
        Assert.Contains("BYE sip:", callee.ReadMessageTrace(), StringComparison.Ordinal);
        var record = await host.Host.WaitForEndedCallAsync(port.CallId, TimeSpan.FromSeconds(20)).WaitAsync(timeout.Token);
        Assert.Equal(call.CallRecordId, record.Id);
        Assert.Equal(CallDirection.Outbound, record.Direction);
        Assert.Equal(CallEndReason.IvrHangup, record.EndReason);
        Assert.Equal(200, record.SipStatus);
        Assert.NotNull(record.AnsweredAt);
        Assert.Equal((OutboundHost.CallerId, Number), (record.Caller, record.Called));
        Assert.Equal("completed", record.Flow?.Outcome);
        Assert.NotNull(record.RecordingPath);
        Assert.True(File.Exists(record.RecordingPath), $"no recording at {record.RecordingPath}");
        var digits = await host.Host.Records.GetDigitsAsync(record.Id, timeout.Token);
        Assert.Equal("12", string.Concat(digits.Select(d => d.Digit)));

        // The prompt went out and came back from the callee's echo: far more packets than its two keys.
        var quality = Assert.IsType<CallMediaQuality>(await WaitForQualityAsync(record.Id, port.CallId, timeout.Token));
        Assert.True(quality.PacketsSent > 50, $"sent {quality.PacketsSent} RTP packets");
        Assert.True(quality.PacketsReceived > 50, $"received {quality.PacketsReceived} RTP packets: the callee did not get (and echo) our audio");
    }

    [Fact]
    public async Task AnsweredCall_StopsThePortsOperationsAndRecordsTheHangUp_WhenTheCalleeSendsBye()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(RunTimeout);
        await using var callee = await host.StartCalleeAsync(SippOptions.ForScenario(Scenario("uas-answer-then-bye.xml")), timeout.Token);

        // Act: wait for a key that never comes; the callee hangs up after 1.5 s.
        await using var call = await host.Dialer.DialAsync(new OutboundDialRequest(Number, TimeSpan.FromSeconds(10), false, "bye test"), timeout.Token);
        var port = call.Port ?? throw new InvalidOperationException($"not answered: {call.Failure} {call.SipStatus} {call.Detail}");
        var reading = port.ReadDigitAsync(CancellationToken.None).AsTask();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(timeout.Token));
        await call.HangUpAsync("unfinished", timeout.Token);
        var sipp = await callee.WaitForExitAsync(timeout.Token);

        // Assert
        Assert.True(sipp.Succeeded, sipp.Describe());
        var record = await host.Host.WaitForEndedCallAsync(port.CallId, TimeSpan.FromSeconds(20)).WaitAsync(timeout.Token);
        Assert.Equal(CallEndReason.CallerHangup, record.EndReason);
        Assert.Equal("unfinished", record.Flow?.Outcome);
    }

    [Fact]
    public async Task Screening_EndsAsAPersonAtOnceAndKeepsTheKey_WhenTheCalleePressesAKeyWhileItListens()
    {
        // Arrange: the callee answers in silence (the detector would listen 3.5 s) and presses 1 at once, then 2.
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = new SippCalleeScript()
            .Answer()
            .Wait(TimeSpan.FromSeconds(0.3)).Press("1")
            .Wait(TimeSpan.FromSeconds(1.5)).Press("2")
            .ExpectBye(TimeSpan.FromSeconds(20))
            .Write();
        await using var callee = await host.StartCalleeAsync(scenario.Answering(calls: 1), timeout.Token);
        var started = DateTimeOffset.UtcNow;

        // Act
        await using var call = await host.Dialer.DialAsync(new OutboundDialRequest(Number, TimeSpan.FromSeconds(10), true, "screening key test"), timeout.Token);
        var screened = DateTimeOffset.UtcNow - started;
        var port = call.Port ?? throw new InvalidOperationException($"not answered: {call.Failure} {call.SipStatus} {call.Detail}");
        var next = await port.ReadDigitAsync(timeout.Token).AsTask().WaitAsync(timeout.Token);
        await call.HangUpAsync("completed", timeout.Token);
        var sipp = await callee.WaitForExitAsync(timeout.Token);

        // Assert: a person by the key, long before the detector's silence verdict; the key is the screening's, not the port's.
        Assert.Null(call.Failure);
        Assert.Equal('1', call.ScreeningKey);
        Assert.StartsWith("person: key 1 pressed", call.Detail, StringComparison.Ordinal);
        Assert.True(screened < TimeSpan.FromSeconds(2.5), $"the screening took {screened.TotalSeconds:0.00} s");
        Assert.Equal('2', next);
        Assert.True(sipp.Succeeded, sipp.Describe());
    }

    [Fact]
    public async Task Dial_IsUnfinishedAndRecordsTheCallersHangUp_WhenTheCalleeHangsUpRightAfterTheAnswer()
    {
        // Arrange: BYE as soon as our ACK came, while the answer is still being screened (before the hand-over).
        using var timeout = new CancellationTokenSource(RunTimeout);
        using var scenario = new SippCalleeScript().Answer().SendBye().Write();
        await using var callee = await host.StartCalleeAsync(scenario.Answering(calls: 1), timeout.Token);

        // Act
        await using var call = await host.Dialer.DialAsync(new OutboundDialRequest(Number, TimeSpan.FromSeconds(10), true, "hang-up at answer test"), timeout.Token);
        var sipp = await callee.WaitForExitAsync(timeout.Token);

        // Assert: a customer reached who left (the completion retry's outcome), not a technical failure.
        Assert.Equal(AttemptOutcome.Unfinished, call.Failure);
        Assert.Equal(200, call.SipStatus);
        Assert.Null(call.Port);
        Assert.StartsWith("the customer hung up", call.Detail, StringComparison.Ordinal);
        Assert.True(sipp.Succeeded, sipp.Describe());
        var record = await EndedRecordAsync(callee, timeout.Token);
        Assert.Equal(call.CallRecordId, record.Id);
        Assert.Equal(CallEndReason.CallerHangup, record.EndReason);
        Assert.NotNull(record.AnsweredAt);
        Assert.Equal("unfinished", record.Flow?.Outcome);
    }

    [Fact]
    public async Task Dial_RefusesWithTheFieldNamed_WhenTheRequestIsBad()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);

        var national = await Assert.ThrowsAsync<ArgumentException>(
            () => host.Dialer.DialAsync(new OutboundDialRequest("09121234567", TimeSpan.FromSeconds(5), false, "bad number"), timeout.Token));
        var trunk = await Assert.ThrowsAsync<ArgumentException>(
            () => host.Dialer.DialAsync(new OutboundDialRequest(Number, TimeSpan.FromSeconds(5), false, "bad trunk") { Trunk = "nowhere" }, timeout.Token));

        Assert.Contains("OutboundDialRequest.Number", national.Message, StringComparison.Ordinal);
        Assert.Contains("OutboundDialRequest.Trunk", trunk.Message, StringComparison.Ordinal);
        Assert.Contains("main, national", trunk.Message, StringComparison.Ordinal);
    }

    private async Task<CallRecord> EndedRecordAsync(SippProcess callee, CancellationToken cancellationToken)
    {
        var callId = Sip.InboundCallTests.CallIdsIn(callee).Distinct().Single();
        return await host.Host.WaitForEndedCallAsync(callId, TimeSpan.FromSeconds(20)).WaitAsync(cancellationToken);
    }

    private async Task<CallMediaQuality?> WaitForQualityAsync(long id, string callId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var record = await host.Host.Records.GetByCallIdAsync(callId, cancellationToken);
            if (record?.Id == id && record.MediaQuality is { } quality)
            {
                return quality;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }
}
