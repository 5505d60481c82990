using System.Net;
using System.Net.Sockets;
using IvrService.Storage;
using IvrService.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IvrService.IntegrationTests;

/// <summary>
/// The whole product in this process, as the README's run command composes it, on a fresh database of a real
/// PostgreSQL cluster and a free loopback SIP port.
/// </summary>
public sealed class IvrHostFixture : IAsyncLifetime
{
    private readonly PostgresFixture _postgres = new();
    private IHost? _host;

    public int SipPort { get; private set; }

    public IPEndPoint SipEndPoint => new(IPAddress.Loopback, SipPort);

    public ICallRecordStore Records => Services.GetRequiredService<ICallRecordStore>();

    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("host not started");

    /// <summary>Settings a test class wants on top of the defaults.</summary>
    public Dictionary<string, string?> Settings { get; } = new();

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        var connectionString = await _postgres.CreateDatabaseAsync();
        SipPort = FreePort();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Ivr"] = connectionString,
            ["Sip:ListenAddress"] = "127.0.0.1",
            ["Sip:Port"] = SipPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Calls:ShutdownGraceSeconds"] = "1",
            ["Calls:InstanceId"] = "test-" + Guid.NewGuid().ToString("N")[..8],
        });
        builder.Configuration.AddInMemoryCollection(Settings);
        builder.Services.AddIvrHost();
        _host = builder.Build();
        await _host.StartAsync().WaitAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>Waits until the call with this Call-ID has ended in storage.</summary>
    public async Task<CallRecord> WaitForEndedCallAsync(string callId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var record = await Records.GetByCallIdAsync(callId, CancellationToken.None);
            if (record?.EndedAt is not null)
            {
                return record;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"call {callId} not ended in storage within {timeout}; last seen: {record}");
            }

            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
            _host.Dispose();
        }

        await _postgres.DisposeAsync();
    }

    /// <summary>A loopback port free for both UDP and TCP at the time of asking.</summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            try
            {
                using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("no free loopback port");
    }
}
