using System.Net;
using System.Text.Json;
using IvrService.Sip;
using IvrService.Storage;
using IvrService.Testing;

namespace IvrService.IntegrationTests.Operations;

/// <summary>
/// <c>/healthz</c> and the order of a stop, on the product as the program composes it: first new calls are refused
/// (and <c>/healthz</c> says so while Kestrel still serves it), then calls in progress get the grace to finish,
/// and only then the API and the database go.
/// </summary>
public sealed class GracefulStopTests : IAsyncLifetime
{
    private readonly IvrHostFixture _host = new() { ServeHttp = true };
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _host.Settings["Calls:ShutdownGraceSeconds"] = "20";
        await _host.InitializeAsync();
        _http.BaseAddress = _host.HttpAddress;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Healthz_ReportsTheDatabaseAndTheSipListener_WhenRunning()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var response = await _http.GetAsync(new Uri("healthz", UriKind.Relative), timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
        var checks = report.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("sip").GetProperty("status").GetString());
        Assert.Contains($"udp 127.0.0.1:{_host.SipPort}", checks.GetProperty("sip").GetProperty("listening").GetString(), StringComparison.Ordinal);
        Assert.True(checks.GetProperty("sip").GetProperty("accepting_calls").GetBoolean());
    }

    [Fact]
    public async Task Stop_RefusesNewCallsFirstAndLetsTheCallInProgressFinish_WhileHealthzServes503()
    {
        // Arrange: a call in progress.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var caller = new SipUserAgent(new SipOptions { ListenAddress = "127.0.0.1", Port = FreePorts.Next() });
        var byeFromProduct = new TaskCompletionSource<SipRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        caller.Handlers.Bye = (tx, ct) =>
        {
            byeFromProduct.TrySetResult(tx.Request);
            return tx.RespondAsync(200, cancellationToken: ct).AsTask();
        };
        caller.Start();
        var target = SipUri.Create("sip", "ivr", "127.0.0.1", _host.SipPort);
        var from = new SipNameAddress(SipUri.Create("sip", "customer", "127.0.0.1"));
        var call = await caller.InviteAsync(new SipOutgoingCall(target, from) { SdpOffer = Offer(40010) }, timeout.Token);
        Assert.True(call.Answered, call.FinalResponse.ToString());

        // Act: stop; while the call is still up, /healthz turns 503 and new calls are refused.
        var stopping = _host.StopHostAsync();
        var draining = await WaitForHealthAsync(HttpStatusCode.ServiceUnavailable, timeout.Token);
        var refused = await caller.InviteAsync(new SipOutgoingCall(target, from) { SdpOffer = Offer(40012) }, timeout.Token);
        var metricsWhileDraining = await _http.GetStringAsync(new Uri("metrics", UriKind.Relative), timeout.Token);
        Assert.False(stopping.IsCompleted);
        Assert.False(byeFromProduct.Task.IsCompleted);

        // The caller finishes within the grace: the product waits for it rather than cutting it off.
        var bye = call.Dialog!.CreateRequest(SipMethods.Bye);
        var byeAnswer = await (await caller.SendInDialogAsync(call.Dialog, bye, timeout.Token)).Completion.WaitAsync(timeout.Token);
        var stopClock = System.Diagnostics.Stopwatch.StartNew();
        await stopping.WaitAsync(timeout.Token);

        // Assert
        var checks = draining.RootElement.GetProperty("checks");
        Assert.Equal("Unhealthy", checks.GetProperty("sip").GetProperty("status").GetString());
        Assert.False(checks.GetProperty("sip").GetProperty("accepting_calls").GetBoolean());
        Assert.Equal(1, checks.GetProperty("sip").GetProperty("active_calls").GetInt32());
        Assert.Equal("Healthy", checks.GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal(503, refused.FinalResponse.StatusCode);
        Assert.Contains("ivr_calls_active", metricsWhileDraining, StringComparison.Ordinal);
        Assert.Equal(200, byeAnswer.StatusCode);
        Assert.True(stopClock.Elapsed < TimeSpan.FromSeconds(15), $"the stop took {stopClock.Elapsed} after the last call ended");
        var record = await _host.WaitForEndedCallAsync(call.Dialog.CallId, TimeSpan.FromSeconds(10));
        Assert.Equal(CallEndReason.CallerHangup, record.EndReason);
        Assert.False(byeFromProduct.Task.IsCompleted);
    }

    private async Task<JsonDocument> WaitForHealthAsync(HttpStatusCode status, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var response = await _http.GetAsync(new Uri("healthz", UriKind.Relative), cancellationToken);
            if (response.StatusCode == status)
            {
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private static string Offer(int rtpPort) =>
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        $"m=audio {rtpPort} RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n";
}
