using IvrService.Storage;
using IvrService.Testing;

namespace IvrService.IntegrationTests.Sip;

/// <summary>Real SIPp and baresip calling the running product over UDP and TCP; call records checked in PostgreSQL.</summary>
public sealed class InboundCallTests : IClassFixture<IvrHostFixture>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);
    private readonly IvrHostFixture _host;

    public InboundCallTests(IvrHostFixture host)
    {
        _host = host;
    }

    [Theory]
    [InlineData(SippTransport.Udp)]
    [InlineData(SippTransport.Tcp)]
    public async Task SippCall_IsAnsweredAndRecorded_WhenCallerHangsUp(SippTransport transport)
    {
        var options = SippOptions.ForScenario(SippScenarios.UacInviteBye).Calling("127.0.0.1", _host.SipPort) with { Transport = transport };
        await using var sipp = SippProcess.Start(options);

        var result = await sipp.WaitForExitAsync(new CancellationTokenSource(RunTimeout).Token);

        Assert.True(result.Succeeded, result.Describe());
        var callId = CallIdsIn(sipp).Single();
        var record = await _host.WaitForEndedCallAsync(callId, TimeSpan.FromSeconds(10));
        Assert.Equal(CallEndReason.CallerHangup, record.EndReason);
        Assert.Equal(transport == SippTransport.Udp ? CallTransport.Udp : CallTransport.Tcp, record.Transport);
        Assert.NotNull(record.AnsweredAt);
        Assert.Equal(200, record.SipStatus);
        Assert.Equal("sipp", record.Caller);
        Assert.StartsWith("127.0.0.1:", record.SourceAddress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoHundredCallsInARow_AllSucceedAndAreRecorded()
    {
        var options = SippOptions.ForScenario(SippScenarios.UacInviteBye).Calling("127.0.0.1", _host.SipPort)
            .WithKey("pause_ms", "50") with { MaxCalls = 200, Rate = 40, CallLimit = 20 };
        await using var sipp = SippProcess.Start(options);

        var result = await sipp.WaitForExitAsync(new CancellationTokenSource(RunTimeout).Token);

        Assert.True(result.Succeeded, result.Describe());
        Assert.Equal(200, result.SuccessfulCalls);
        var callIds = CallIdsIn(sipp);
        Assert.Equal(200, callIds.Count);
        foreach (var callId in callIds)
        {
            var record = await _host.WaitForEndedCallAsync(callId, TimeSpan.FromSeconds(10));
            Assert.Equal(CallEndReason.CallerHangup, record.EndReason);
        }
    }

    [Fact]
    public async Task RetransmittedInvite_MakesOneCall()
    {
        var options = SippOptions.ForScenario(SippScenarios.UacInviteRetransmit).Calling("127.0.0.1", _host.SipPort);
        await using var sipp = SippProcess.Start(options);

        var result = await sipp.WaitForExitAsync(new CancellationTokenSource(RunTimeout).Token);

        Assert.True(result.Succeeded, result.Describe());
        var callId = CallIdsIn(sipp).Single();
        var record = await _host.WaitForEndedCallAsync(callId, TimeSpan.FromSeconds(10));
        var calls = await _host.Records.ListAsync(1000, CancellationToken.None);
        Assert.Single(calls, c => c.CallId == callId);
        Assert.Equal(CallEndReason.CallerHangup, record.EndReason);
    }

    [Theory]
    [InlineData(SippTransport.Udp)]
    [InlineData(SippTransport.Tcp)]
    public async Task Options_IsAnsweredWithAllow(SippTransport transport)
    {
        var options = SippOptions.ForScenario(SippScenarios.UacOptions).Calling("127.0.0.1", _host.SipPort) with { Transport = transport };
        await using var sipp = SippProcess.Start(options);

        var result = await sipp.WaitForExitAsync(new CancellationTokenSource(RunTimeout).Token);

        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains(sipp.ReadLogLines(), l => l.StartsWith("allow=", StringComparison.Ordinal) && l.Contains("INVITE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BaresipCall_IsAnsweredAndRecorded_WhenBaresipHangsUp()
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        await using var baresip = await BaresipProcess.StartAsync(new BaresipOptions(), timeout.Token);

        await baresip.DialAsync($"sip:ivr@127.0.0.1:{_host.SipPort}", timeout.Token);
        var established = await baresip.WaitForEventAsync("CALL_ESTABLISHED", timeout.Token);
        await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
        await baresip.HangupAsync(timeout.Token);
        await baresip.WaitForEventAsync("CALL_CLOSED", timeout.Token);

        Assert.NotNull(established.CallId);
        var record = await _host.WaitForEndedCallAsync(established.CallId!, TimeSpan.FromSeconds(10));
        Assert.Equal(CallEndReason.CallerHangup, record.EndReason);
        Assert.NotNull(record.AnsweredAt);
    }

    /// <summary>The Call-IDs SIPp used, read from its message trace.</summary>
    internal static List<string> CallIdsIn(SippProcess sipp) =>
        System.Text.RegularExpressions.Regex.Matches(sipp.ReadMessageTrace(), @"(?mi)^Call-ID:\s*(\S+)")
            .Select(m => m.Groups[1].Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
