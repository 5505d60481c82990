using IvrService.Storage;
using IvrService.Testing;

namespace IvrService.IntegrationTests.Media;

/// <summary>A caller that sends no RTP is hung up on with BYE once the media timeout passes.</summary>
public sealed class MediaTimeoutTests : IAsyncLifetime
{
    private readonly IvrHostFixture _host = new();

    public async Task InitializeAsync()
    {
        _host.Settings["Media:MediaTimeoutSeconds"] = "2";
        await _host.InitializeAsync();
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task SilentCaller_GetsByeAndMediaTimeout_WhenNoRtpArrivesForTheTimeout()
    {
        // Arrange: SIPp answers our BYE or fails after 30 s; a 2 s timeout should need a few seconds.
        using var timeout = new CancellationTokenSource(MediaCalls.RunTimeout);
        using var byeDeadline = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        byeDeadline.CancelAfter(TimeSpan.FromSeconds(20));
        var options = SippOptions.ForScenario(SippScenarios.UacSilentAwaitBye).Calling("127.0.0.1", _host.SipPort);
        await using var sipp = SippProcess.Start(options);

        // Act
        var result = await sipp.WaitForExitAsync(byeDeadline.Token);

        // Assert
        Assert.True(result.Succeeded, result.Describe());
        var record = await MediaCalls.WaitForMediaClosedAsync(_host, MediaCalls.CallIdOf(sipp), timeout.Token);
        Assert.Equal(CallEndReason.MediaTimeout, record.EndReason);
        Assert.Equal(0, record.MediaQuality!.PacketsReceived);
    }
}
