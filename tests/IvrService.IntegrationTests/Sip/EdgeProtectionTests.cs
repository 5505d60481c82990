using IvrService.Testing;

namespace IvrService.IntegrationTests.Sip;

/// <summary>A product whose allow list leaves out loopback: SIPp on 127.0.0.1 must get nothing back.</summary>
public sealed class EdgeProtectionTests : IAsyncLifetime
{
    private readonly IvrHostFixture _host = new();

    public async Task InitializeAsync()
    {
        _host.Settings["Sip:Security:AllowedSources:0"] = "10.0.0.0/8";
        await _host.InitializeAsync();
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    [Theory]
    [InlineData(SippTransport.Udp)]
    [InlineData(SippTransport.Tcp)]
    public async Task Request_GetsNoAnswer_WhenSourceIsNotAllowed(SippTransport transport)
    {
        var options = SippOptions.ForScenario(SippScenarios.UacOptions).Calling("127.0.0.1", _host.SipPort) with
        {
            Transport = transport,
            RecvTimeout = TimeSpan.FromSeconds(3),
            GlobalTimeout = TimeSpan.FromSeconds(10),
        };
        await using var sipp = SippProcess.Start(options);

        var result = await sipp.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.False(result.Succeeded, result.Describe());
        Assert.DoesNotContain("SIP/2.0 ", sipp.ReadMessageTrace().Replace("OPTIONS sip:", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Empty(await _host.Records.ListAsync(10, CancellationToken.None));
    }
}
