using System.Net;
using IvrService.Api;
using IvrService.Flows;
using IvrService.Flows.Definitions;
using IvrService.HappyCalls;
using IvrService.Storage;
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
/// catalog and transfer allow-list — as the service composes it, without SIP. Prompts are listed from the same catalog,
/// recorded into <see cref="PromptsDirectory"/> and rendered with espeak-ng into <see cref="PromptCacheDirectory"/>
/// (both in a folder of the host, deleted with it). Happy calls are taken in as the service takes them (the API's
/// intake: the scheduler writes each happy call and its Hangfire job in one transaction, the shipped survey is stored),
/// but this host runs no Hangfire server — it has no SIP to dial with — so jobs stay as the intake left them. Tests that
/// report services must report completions of the last few days. Its public surface
/// carries no generated gRPC types, so test projects compile their own clients from the protos.
/// </summary>
public sealed class ApiTestHost : IAsyncDisposable
{
    public const string IntegratorKey = "ivr_test-integrator-key-0123456789";
    public const string AdminKey = "ivr_test-admin-key-9876543210";
    public const string IntegratorKeyName = "crm";
    public const string AdminKeyName = "ops";

    /// <summary><c>HappyCalls:Delay</c> of the host: the longest the options allow, so no attempt is due during a test.</summary>
    public static readonly TimeSpan HappyCallDelay = TimeSpan.FromDays(30);

    private const string ShippedSurvey = "prompts/surveys/after-service.yaml";

    private readonly WebApplication _app;
    private readonly string _filesDirectory;

    private ApiTestHost(WebApplication app, string address, string filesDirectory)
    {
        _app = app;
        Address = address;
        _filesDirectory = filesDirectory;
    }

    /// <summary>Where recorded prompts go (<c>&lt;language&gt;/&lt;key&gt;.wav</c>), as <c>Speech:PromptsDirectory</c>.</summary>
    public string PromptsDirectory => Path.Combine(_filesDirectory, "prompts");

    /// <summary>Where rendered prompts are cached, as <c>Speech:CacheDirectory</c>.</summary>
    public string PromptCacheDirectory => Path.Combine(_filesDirectory, "prompt-cache");

    /// <summary>The API's address, <c>http://127.0.0.1:port</c> (HTTP/2 without TLS).</summary>
    public string Address { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the API on <paramref name="connectionString"/>'s database (migrated at start).</summary>
    public static Task<ApiTestHost> StartAsync(string connectionString, FlowValidationContext validation, CancellationToken cancellationToken) =>
        StartAsync(connectionString, validation, 0, cancellationToken);

    /// <summary>Starts the API on <paramref name="port"/> of 127.0.0.1 (0: any free port) over <paramref name="connectionString"/>'s database.</summary>
    public static Task<ApiTestHost> StartAsync(string connectionString, FlowValidationContext validation, int port, CancellationToken cancellationToken) =>
        StartAsync(connectionString, validation, port, new Dictionary<string, string?>(), cancellationToken);

    /// <summary>
    /// Starts the API on any free port over <paramref name="connectionString"/>'s database with more
    /// <paramref name="settings"/> (such as <c>Api:ResultCacheMaxAge</c>) over the usual ones: a second instance of the
    /// service beside another on the same database.
    /// </summary>
    public static Task<ApiTestHost> StartAsync(
        string connectionString, FlowValidationContext validation, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken) =>
        StartAsync(connectionString, validation, 0, settings, cancellationToken);

    private static async Task<ApiTestHost> StartAsync(
        string connectionString, FlowValidationContext validation, int port, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validation);
        var filesDirectory = Directory.CreateTempSubdirectory("ivr-api-host-").FullName;
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
            ["Speech:PromptsDirectory"] = Path.Combine(filesDirectory, "prompts"),
            ["Speech:CacheDirectory"] = Path.Combine(filesDirectory, "prompt-cache"),
            ["HappyCalls:Delay"] = HappyCallDelay.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddIvrStorage();
        builder.Services.AddSingleton<IFlowValidator>(new FlowContextValidator(validation));
        builder.Services.AddSingleton<IPromptCatalogProvider>(new FixedPromptCatalogProvider(validation.Prompts));
        builder.Services.AddIvrSpeech();
        builder.Services.AddIvrApi();

        var app = builder.Build();
        app.MapIvrApi();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            await SeedShippedSurveyAsync(app.Services.GetRequiredService<IFlowVersionStore>(), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            Directory.Delete(filesDirectory, recursive: true);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ApiTestHost(app, address, filesDirectory);
    }

    /// <summary>The shipped survey, stored as it ships (services are reported against it; no call is placed here).</summary>
    private static async Task SeedShippedSurveyAsync(IFlowVersionStore flows, CancellationToken cancellationToken)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, ShippedSurvey)))
        {
            directory = directory.Parent;
        }

        var path = directory is null
            ? throw new FileNotFoundException($"{ShippedSurvey} not found above {AppContext.BaseDirectory}")
            : Path.Combine(directory.FullName, ShippedSurvey);
        var yaml = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        await flows.SeedAsync([new FlowSeedFile("after-service", yaml, "after-service.yaml") { Kind = DefinitionKind.Survey }], cancellationToken)
            .ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (Directory.Exists(_filesDirectory))
        {
            Directory.Delete(_filesDirectory, recursive: true);
        }
    }
}
