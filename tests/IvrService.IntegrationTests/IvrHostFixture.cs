using System.Net;
using IvrService.Flows;
using IvrService.Storage;
using IvrService.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IvrService.IntegrationTests;

/// <summary>
/// The whole product in this process, as the README's run command composes it, on a fresh database of a real
/// PostgreSQL cluster and a free loopback SIP port — or, with <see cref="SharedConnectionString"/>, on another
/// instance's database, as several instances of the product share one in production.
/// </summary>
public sealed class IvrHostFixture : IAsyncLifetime
{
    private readonly PostgresFixture _postgres = new();
    private IHost? _host;
    private CallRecordProbe? _probe;

    public int SipPort { get; private set; }

    /// <summary>Where this product instance writes call recordings; deleted with the fixture.</summary>
    public string RecordingDirectory { get; } = Path.Combine(Path.GetTempPath(), "ivr-recordings-" + Guid.NewGuid().ToString("N")[..8]);

    public IPEndPoint SipEndPoint => new(IPAddress.Loopback, SipPort);

    /// <summary>The test menus (welcome-loop, the default here, and ivr-test), seeded into the fresh database.</summary>
    public static string MenusDirectory => Path.Combine(AppContext.BaseDirectory, "Flows", "Menus");

    /// <summary>The connection string of this instance's database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>
    /// An existing database to run on instead of a fresh cluster of this fixture's own (set before
    /// <see cref="InitializeAsync"/>); whoever made it drops it. Start instances sharing one database one after the other.
    /// </summary>
    public string? SharedConnectionString { get; set; }

    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("host not started");

    /// <summary>Settings a test class wants on top of the defaults.</summary>
    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>
    /// The clock the menus run on (what an hours node sees as now); the host's clock unless a test class sets one,
    /// e.g. a <see cref="ShiftedTimeProvider"/> at a weekday morning in Tehran to walk the open branch any time.
    /// </summary>
    public TimeProvider? FlowClock { get; set; }

    /// <summary>
    /// Serve HTTP as the program does (Kestrel with the API, <c>/healthz</c> and <c>/metrics</c>, and its endpoint
    /// checks); set before <see cref="InitializeAsync"/>. Without it the product runs as a bare worker host.
    /// </summary>
    public bool ServeHttp { get; set; }

    /// <summary>The HTTP/1.1 endpoint (<c>Kestrel:Endpoints:Http</c>) when <see cref="ServeHttp"/> is set.</summary>
    public Uri HttpAddress => new($"http://127.0.0.1:{HttpPort}/");

    private int HttpPort { get; set; }

    /// <summary>The menus the product ships (prompts/menus next to the program), relative to the content root.</summary>
    public const string ShippedMenusDirectory = "prompts/menus";

    /// <summary>Stops the product (as a service stop would) while the test goes on.</summary>
    public Task StopHostAsync() => _host!.StopAsync();

    public async Task InitializeAsync()
    {
        var connectionString = SharedConnectionString;
        if (connectionString is null)
        {
            await _postgres.InitializeAsync();
            connectionString = await _postgres.CreateDatabaseAsync();
        }

        ConnectionString = connectionString;
        _probe = await CallRecordProbe.OpenAsync(connectionString, CancellationToken.None);
        SipPort = FreePorts.Next();
        var defaults = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Ivr"] = connectionString,
            ["Sip:ListenAddress"] = "127.0.0.1",
            ["Sip:Port"] = SipPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Calls:ShutdownGraceSeconds"] = "1",
            ["Calls:InstanceId"] = "test-" + Guid.NewGuid().ToString("N")[..8],
            ["Media:RecordingDirectory"] = RecordingDirectory,
            ["Speech:CacheDirectory"] = Path.Combine(RecordingDirectory, "prompt-cache"),
            ["Flows:MenusDirectory"] = MenusDirectory,
            ["Flows:InboundMenu"] = "welcome-loop",
            ["Flows:TransferDestinations:operator"] = "sip:operator@127.0.0.1:5070",
        };
        var host = ServeHttp ? BuildWebHost(defaults) : BuildWorkerHost(defaults);
        try
        {
            await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(120));
        }
        catch
        {
            // A host that failed to start has nothing to stop.
            host.Dispose();
            throw;
        }

        _host = host;
    }

    private IHost BuildWorkerHost(Dictionary<string, string?> defaults)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(defaults);
        builder.Configuration.AddInMemoryCollection(Settings);
        AddProduct(builder.Services);
        return builder.Build();
    }

    /// <summary>The program's composition (Program.cs): the API on a free port, HTTP on a leased one.</summary>
    private WebApplication BuildWebHost(Dictionary<string, string?> defaults)
    {
        HttpPort = FreePorts.Next();
        defaults["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0";
        defaults["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{HttpPort}";
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(defaults);
        builder.Configuration.AddInMemoryCollection(Settings);
        AddProduct(builder.Services);
        builder.Services.AddIvrEndpoints();
        var app = builder.Build();
        app.MapIvrEndpoints();
        return app;
    }

    private void AddProduct(IServiceCollection services)
    {
        if (FlowClock is { } flowClock)
        {
            services.AddSingleton(new FlowEngine(flowClock));
        }

        services.AddIvrHost();
    }

    /// <summary>Waits until the call with this Call-ID has ended in storage (works after the host stopped too).</summary>
    public Task<CallRecord> WaitForEndedCallAsync(string callId, TimeSpan timeout) => _probe!.WaitForEndedCallAsync(callId, timeout);

    /// <summary>Call records read straight from the database.</summary>
    public ICallRecordStore Records => _probe?.Records ?? throw new InvalidOperationException("fixture not initialised");

    /// <summary>Waits until the call with this Call-ID has its flow outcome stored, and returns it.</summary>
    public async Task<CallFlowSummary> WaitForFlowAsync(string callId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var record = await Records.GetByCallIdAsync(callId, cancellationToken);
            if (record?.Flow is { } flow)
            {
                return flow;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
            _host.Dispose();
        }

        if (_probe is not null)
        {
            await _probe.DisposeAsync();
        }

        await _postgres.DisposeAsync();
        FreePorts.Release(SipPort);
        if (HttpPort != 0)
        {
            FreePorts.Release(HttpPort);
        }

        if (Directory.Exists(RecordingDirectory))
        {
            Directory.Delete(RecordingDirectory, recursive: true);
        }
    }
}
