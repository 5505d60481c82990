using IvrService.Testing;

namespace IvrService.IntegrationTests.Operations;

/// <summary>
/// The product as the program composes it, scraped over HTTP at <c>/metrics</c> after a SIPp caller pressed a key
/// and hung up: every named metric is there with the call counted. It runs with no other test beside it
/// (<see cref="ProcessAloneCollection"/>); counts are still at least (not exactly) what this call made.
/// </summary>
[Collection(ProcessAloneCollection.Name)]
public sealed class MetricsTests : IAsyncLifetime
{
    private readonly IvrHostFixture _host = new() { ServeHttp = true };
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        _http.BaseAddress = _host.HttpAddress;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Scrape_ExposesTheNamedMetricsWithTheCall_AfterASippCall()
    {
        // Arrange
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var scenario = new SippCallerScript()
            .Wait(TimeSpan.FromSeconds(1)).Press("*")
            .Wait(TimeSpan.FromSeconds(1.5)).SendBye()
            .Write();
        await using var sipp = SippProcess.Start(scenario.Calling("127.0.0.1", _host.SipPort));
        var result = await sipp.WaitForExitAsync(timeout.Token);
        Assert.True(result.Succeeded, result.Describe());
        var callId = Sip.InboundCallTests.CallIdsIn(sipp).Single();
        await _host.WaitForEndedCallAsync(callId, TimeSpan.FromSeconds(30));
        using var health = await _http.GetAsync(new Uri("healthz", UriKind.Relative), timeout.Token);

        // Act
        var metrics = await ScrapeUntilAsync(m => m.Sum("ivr_calls_ended_total", "reason=\"caller_hangup\"") >= 1, timeout.Token);

        // Assert
        Assert.True(metrics.Sum("ivr_calls_started_total", "direction=\"inbound\"") >= 1, metrics.Text);
        Assert.True(metrics.Has("ivr_calls_active"), metrics.Text);
        Assert.True(metrics.Sum("ivr_calls_setup_time_milliseconds_count") >= 1, metrics.Text);
        Assert.True(metrics.Has("ivr_calls_setup_time_milliseconds_bucket", "le=\"100\""), metrics.Text);
        Assert.True(metrics.Sum("ivr_dtmf_digits_total", "method=\"rfc4733\"") >= 1, metrics.Text);
        Assert.True(metrics.Sum("ivr_flows_ended_total", "flow=\"welcome-loop\"") >= 1, metrics.Text);
        Assert.True(metrics.Sum("ivr_rtp_packets_sent_total") >= 50, metrics.Text);
        Assert.True(metrics.Sum("ivr_rtp_packets_received_total") >= 1, metrics.Text);
        Assert.True(metrics.Has("ivr_rtp_packets_late_total"), metrics.Text);
        Assert.True(metrics.Has("ivr_media_sessions_active"), metrics.Text);
        Assert.True(metrics.Has("ivr_happy_calls_backlog"), metrics.Text);
        Assert.True(metrics.Has("ivr_happy_calls_active"), metrics.Text);
        Assert.True(metrics.Sum("ivr_sip_requests_total", "direction=\"in\"", "method=\"INVITE\"") >= 1, metrics.Text);
        Assert.True(metrics.Sum("ivr_sip_requests_total", "direction=\"in\"", "method=\"BYE\"") >= 1, metrics.Text);
        Assert.True(metrics.Sum("ivr_sip_responses_total", "direction=\"out\"", "class=\"2xx\"") >= 2, metrics.Text);
        Assert.True(metrics.Sum("http_server_request_duration_seconds_count", "http_route=\"/healthz\"") >= 1, metrics.Text);
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
    }

    private async Task<PrometheusText> ScrapeUntilAsync(Func<PrometheusText, bool> done, CancellationToken cancellationToken)
    {
        while (true)
        {
            var metrics = new PrometheusText(await _http.GetStringAsync(new Uri("metrics", UriKind.Relative), cancellationToken));
            if (done(metrics))
            {
                return metrics;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }
}
