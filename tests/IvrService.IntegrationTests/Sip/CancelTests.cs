using IvrService.Storage;
using IvrService.Testing;

namespace IvrService.IntegrationTests.Sip;

/// <summary>A product that rings for a while before answering, so a SIPp caller can give up first.</summary>
public sealed class CancelTests : IAsyncLifetime
{
    private readonly IvrHostFixture _host = new();

    public async Task InitializeAsync()
    {
        _host.Settings["Calls:AnswerDelayMilliseconds"] = "5000";
        await _host.InitializeAsync();
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    [Theory]
    [InlineData(SippTransport.Udp)]
    [InlineData(SippTransport.Tcp)]
    public async Task Cancel_EndsTheRingingCallWith487_AndIsRecordedAsCancelled(SippTransport transport)
    {
        var options = SippOptions.ForScenario(SippScenarios.UacCancel).Calling("127.0.0.1", _host.SipPort) with { Transport = transport };
        await using var sipp = SippProcess.Start(options);

        var result = await sipp.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.True(result.Succeeded, result.Describe());
        var callId = InboundCallTests.CallIdsIn(sipp).Single();
        var record = await _host.WaitForEndedCallAsync(callId, TimeSpan.FromSeconds(10));
        Assert.Equal(CallEndReason.Cancelled, record.EndReason);
        Assert.Equal(487, record.SipStatus);
        Assert.Null(record.AnsweredAt);
    }
}
