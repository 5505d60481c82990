using System.Net;
using IvrService.Sip;
using IvrService.Storage;
using IvrService.Testing;

namespace IvrService.IntegrationTests.Sip;

/// <summary>Stopping the product: new calls get 503, calls in progress get a BYE and an end record.</summary>
public sealed class GracefulShutdownTests : IAsyncLifetime
{
    private readonly IvrHostFixture _host = new();

    public async Task InitializeAsync()
    {
        _host.Settings["Calls:ShutdownGraceSeconds"] = "2";
        await _host.InitializeAsync();
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Stop_EndsCallsWithByeAndRefusesNewOnes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var caller = new SipUserAgent(new SipOptions { ListenAddress = "127.0.0.1", Port = FreePorts.Next() });
        var byeReceived = new TaskCompletionSource<SipRequest>();
        caller.Handlers.Bye = (tx, ct) =>
        {
            byeReceived.TrySetResult(tx.Request);
            return tx.RespondAsync(200, cancellationToken: ct).AsTask();
        };
        caller.Start();
        var target = SipUri.Create("sip", "ivr", "127.0.0.1", _host.SipPort);
        var from = new SipNameAddress(SipUri.Create("sip", "customer", "127.0.0.1"));
        var call = await caller.InviteAsync(new SipOutgoingCall(target, from) { SdpOffer = Offer() }, timeout.Token);
        Assert.True(call.Answered);

        var stopping = _host.StopHostAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(500), timeout.Token);
        var refused = await caller.InviteAsync(new SipOutgoingCall(target, from) { SdpOffer = Offer() }, timeout.Token);
        var bye = await byeReceived.Task.WaitAsync(timeout.Token);
        await stopping.WaitAsync(timeout.Token);

        Assert.Equal(503, refused.FinalResponse.StatusCode);
        Assert.Equal(call.Dialog!.CallId, bye.CallId);
        var record = await _host.WaitForEndedCallAsync(call.Dialog.CallId, TimeSpan.FromSeconds(10));
        Assert.Equal(CallEndReason.Shutdown, record.EndReason);
    }

    private static string Offer() =>
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        "m=audio 40002 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n";
}
