using System.Globalization;
using IvrService.HappyCalls;
using IvrService.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IvrService.IntegrationTests.Outbound;

/// <summary>
/// The product with two trunks on one loopback port where each test starts its SIPp callee: <c>main</c> (E.164
/// numbers, caller id with P-Asserted-Identity, digest credentials) and <c>national</c> (0-prefixed numbers, no
/// caller id).
/// </summary>
public sealed class OutboundHost : IAsyncLifetime
{
    public const string CallerId = "+982155551234";
    public const string Username = "service";
    public const string Password = "password";

    private readonly IvrHostFixture _host = new();

    /// <summary>Where the trunks point: the SIP port each test's SIPp callee listens on.</summary>
    public int TrunkPort { get; } = FreePorts.Next();

    public IvrHostFixture Host => _host;

    public IOutboundDialer Dialer => _host.Services.GetRequiredService<IOutboundDialer>();

    public Task InitializeAsync()
    {
        var port = TrunkPort.ToString(CultureInfo.InvariantCulture);
        _host.Settings["Sip:Trunks:0:Name"] = "main";
        _host.Settings["Sip:Trunks:0:Host"] = "127.0.0.1";
        _host.Settings["Sip:Trunks:0:Port"] = port;
        _host.Settings["Sip:Trunks:0:CallerId"] = CallerId;
        _host.Settings["Sip:Trunks:0:Username"] = Username;
        _host.Settings["Sip:Trunks:0:Password"] = Password;
        _host.Settings["Sip:Trunks:1:Name"] = "national";
        _host.Settings["Sip:Trunks:1:Host"] = "127.0.0.1";
        _host.Settings["Sip:Trunks:1:Port"] = port;
        _host.Settings["Sip:Trunks:1:NumberFormat"] = "national";
        return _host.InitializeAsync();
    }

    /// <summary>A SIPp callee on the trunk port running <paramref name="options"/>, listening when returned.</summary>
    public async Task<SippProcess> StartCalleeAsync(SippOptions options, CancellationToken cancellationToken)
    {
        var callee = SippProcess.Start(options with { LocalPort = TrunkPort });
        try
        {
            await callee.WaitUntilListeningAsync(cancellationToken);
            return callee;
        }
        catch
        {
            await callee.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        FreePorts.Release(TrunkPort);
    }
}
