using System.Net;
using IvrService.Api;
using IvrService.Flows.Definitions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IvrService.Testing;

/// <summary>
/// The gRPC API on a real Kestrel HTTP/2 port of 127.0.0.1 over the real storage of a given database, with one
/// integrator key (<c>crm</c>) and one admin key (<c>ops</c>), and menus judged by a validator over the given prompt
/// catalog and transfer allow-list — as the service composes it, without SIP. Its public surface carries no
/// generated gRPC types, so test projects compile their own clients from the protos.
/// </summary>
public sealed class ApiTestHost : IAsyncDisposable
{
    public const string IntegratorKey = "ivr_test-integrator-key-0123456789";
    public const string AdminKey = "ivr_test-admin-key-9876543210";
    public const string IntegratorKeyName = "crm";
    public const string AdminKeyName = "ops";

    private readonly WebApplication _app;

    private ApiTestHost(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The API's address, <c>http://127.0.0.1:port</c> (HTTP/2 without TLS).</summary>
    public string Address { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the API on <paramref name="connectionString"/>'s database (migrated at start).</summary>
    public static async Task<ApiTestHost> StartAsync(string connectionString, FlowValidationContext validation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validation);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Ivr"] = connectionString,
            ["Api:Keys:0:Name"] = IntegratorKeyName,
            ["Api:Keys:0:Scope"] = "integrator",
            ["Api:Keys:0:Sha256"] = ApiKeyHash.ToHex(IntegratorKey),
            ["Api:Keys:1:Name"] = AdminKeyName,
            ["Api:Keys:1:Scope"] = "admin",
            ["Api:Keys:1:Sha256"] = ApiKeyHash.ToHex(AdminKey),
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddIvrStorage();
        builder.Services.AddSingleton<IFlowValidator>(new FlowContextValidator(validation));
        builder.Services.AddIvrApi();

        var app = builder.Build();
        app.MapIvrApi();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ApiTestHost(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
