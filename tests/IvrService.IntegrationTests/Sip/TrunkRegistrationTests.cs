using System.Globalization;
using IvrService.Testing;

namespace IvrService.IntegrationTests.Sip;

/// <summary>The product registering with a trunk configured under Sip:Trunks, against a SIPp registrar.</summary>
public sealed class TrunkRegistrationTests : IAsyncLifetime
{
    private readonly IvrHostFixture _host = new();
    private readonly int _registrarPort = FreePorts.Next();
    private SippProcess? _registrar;

    public async Task InitializeAsync()
    {
        _registrar = SippProcess.Start(SippOptions.ForScenario(SippScenarios.UasRegistrar).WithKey("expires", "4") with { LocalPort = _registrarPort });
        await _registrar.WaitUntilListeningAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        _host.Settings["Sip:Trunks:0:Name"] = "carrier";
        _host.Settings["Sip:Trunks:0:Host"] = "127.0.0.1";
        _host.Settings["Sip:Trunks:0:Port"] = _registrarPort.ToString(CultureInfo.InvariantCulture);
        _host.Settings["Sip:Trunks:0:Username"] = "service";
        _host.Settings["Sip:Trunks:0:Password"] = "password";
        _host.Settings["Sip:Trunks:0:Register"] = "true";
        _host.Settings["Sip:Trunks:0:RegisterExpirySeconds"] = "60";
        await _host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_registrar is not null)
        {
            await _registrar.DisposeAsync();
        }

        await _host.DisposeAsync();
        FreePorts.Release(_registrarPort);
    }

    [Fact]
    public async Task ConfiguredTrunk_IsRegisteredWithDigestAndRefreshedBeforeExpiry()
    {
        var result = await _registrar!.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.True(result.Succeeded, result.Describe());
        var lines = _registrar.ReadLogLines();
        Assert.Contains(lines, l => l.StartsWith("register ", StringComparison.Ordinal) && l.Contains("sip:service@127.0.0.1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("refresh ", StringComparison.Ordinal));
    }
}
