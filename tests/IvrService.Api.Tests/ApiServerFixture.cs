extern alias ApiServer;

using System.Net;
using ApiServer::IvrService.Api;
using ApiServer::Microsoft.AspNetCore.Builder;
using ApiServer::Microsoft.Extensions.DependencyInjection;
using Grpc.Core;
using Grpc.Net.Client;
using IvrService.Storage;
using IvrService.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IvrService.Api.Tests;

/// <summary>
/// The API on a real Kestrel HTTP/2 port of 127.0.0.1, over the real storage on a fresh database of a throw-away
/// PostgreSQL cluster, with one integrator and one admin key; clients are the ones generated from the protos.
/// </summary>
public sealed class ApiServerFixture : IAsyncLifetime
{
    public const string IntegratorKey = "ivr_test-integrator-key-0123456789";
    public const string AdminKey = "ivr_test-admin-key-9876543210";

    private readonly PostgresFixture _postgres = new();
    private WebApplication? _app;

    public GrpcChannel Channel { get; private set; } = null!;

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The server has not started.");

    public ICallRecordStore Records => Services.GetRequiredService<ICallRecordStore>();

    public ICallStepStore Steps => Services.GetRequiredService<ICallStepStore>();

    /// <summary>A folder of this fixture for recordings and other files; deleted with the cluster's.</summary>
    public string FilesDirectory { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync().WaitAsync(TestTimeouts.Default);
        var connectionString = await _postgres.CreateDatabaseAsync().WaitAsync(TestTimeouts.Default);
        FilesDirectory = Directory.CreateTempSubdirectory("ivr-api-").FullName;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Ivr"] = connectionString,
            ["Api:Keys:0:Name"] = "crm",
            ["Api:Keys:0:Scope"] = "integrator",
            ["Api:Keys:0:Sha256"] = ApiKeyHash.ToHex(IntegratorKey),
            ["Api:Keys:1:Name"] = "ops",
            ["Api:Keys:1:Scope"] = "admin",
            ["Api:Keys:1:Sha256"] = ApiKeyHash.ToHex(AdminKey),
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddIvrStorage();
        builder.Services.AddIvrApi();

        var app = builder.Build();
        app.MapIvrApi();
        _app = app;
        await app.StartAsync().WaitAsync(TestTimeouts.Default);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Channel = GrpcChannel.ForAddress(address);
    }

    /// <summary>Call options carrying <paramref name="key"/> as <c>authorization: Bearer</c>, with the test timeout.</summary>
    public static CallOptions With(string? key)
    {
        var headers = new Metadata();
        if (key is not null)
        {
            headers.Add("authorization", "Bearer " + key);
        }

        return new CallOptions(headers, DateTime.UtcNow.Add(TestTimeouts.Default));
    }

    public async Task DisposeAsync()
    {
        Channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync().WaitAsync(TestTimeouts.Default);
            await _app.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Default);
        }

        await _postgres.DisposeAsync().WaitAsync(TestTimeouts.Default);
        if (FilesDirectory.Length > 0 && Directory.Exists(FilesDirectory))
        {
            Directory.Delete(FilesDirectory, recursive: true);
        }
    }
}
