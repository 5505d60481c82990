using IvrService.HappyCalls;
using IvrService.Storage;
using IvrService.Testing;

namespace IvrService.IntegrationTests.Outbound;

/// <summary>A stop of the product while an outbound call rings: the call is CANCELled and recorded, and no new call is placed.</summary>
public sealed class OutboundShutdownTests : IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);
    private readonly OutboundHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Stop_CancelsARingingOutboundCallAndRecordsTheShutdown_ThenRefusesNewCalls()
    {
        // Arrange: a callee that rings until cancelled, dialled with a ring timeout far beyond the stop.
        using var timeout = new CancellationTokenSource(RunTimeout);
        await using var callee = await _host.StartCalleeAsync(SippOptions.ForScenario(SippScenarios.UasRingNoAnswer), timeout.Token);
        var dialer = _host.Dialer;
        var dialling = dialer.DialAsync(new OutboundDialRequest("+989121234567", TimeSpan.FromSeconds(60), false, "shutdown test"), timeout.Token);
        while (!callee.ReadMessageTrace().Contains("180 Ringing", StringComparison.Ordinal))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
        }

        // Act
        await _host.Host.StopHostAsync().WaitAsync(timeout.Token);

        // Assert: the ringing call ended with a CANCEL, and its record says why.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dialling.WaitAsync(timeout.Token));
        var sipp = await callee.WaitForExitAsync(timeout.Token);
        Assert.True(sipp.Succeeded, sipp.Describe());
        Assert.Contains("CANCEL sip:", callee.ReadMessageTrace(), StringComparison.Ordinal);
        var callId = Sip.InboundCallTests.CallIdsIn(callee).Single();
        var record = await _host.Host.WaitForEndedCallAsync(callId, TimeSpan.FromSeconds(20)).WaitAsync(timeout.Token);
        Assert.Equal(CallEndReason.Shutdown, record.EndReason);
        Assert.Equal(CallDirection.Outbound, record.Direction);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(
            () => dialer.DialAsync(new OutboundDialRequest("+989121234567", TimeSpan.FromSeconds(5), false, "after stop"), timeout.Token));
        Assert.Contains("stopping", refused.Message, StringComparison.Ordinal);
    }
}
