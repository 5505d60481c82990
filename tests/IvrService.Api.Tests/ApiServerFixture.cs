using Grpc.Core;
using Grpc.Net.Client;
using IvrService.Flows;
using IvrService.Flows.Definitions;
using IvrService.Speech;
using IvrService.Storage;
using IvrService.Storage.HappyCalls;
using IvrService.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IvrService.Api.Tests;

/// <summary>
/// The API on a real Kestrel HTTP/2 port of 127.0.0.1 (<see cref="ApiTestHost"/>), over the real storage on a fresh
/// database of a throw-away PostgreSQL cluster, with one integrator and one admin key; menus are judged against the
/// shipped prompts and an allow-list with <c>operator</c>. Clients are the ones generated from the protos.
/// </summary>
public sealed class ApiServerFixture : IAsyncLifetime
{
    public const string IntegratorKey = ApiTestHost.IntegratorKey;
    public const string AdminKey = ApiTestHost.AdminKey;

    /// <summary>The transfer allow-list menus are checked against (as in the service's appsettings.json).</summary>
    public static readonly IReadOnlyDictionary<string, string> TransferDestinations =
        new Dictionary<string, string>(StringComparer.Ordinal) { ["operator"] = "sip:operator@127.0.0.1:5070" };

    private readonly PostgresFixture _postgres = new();
    private ApiTestHost? _host;

    public GrpcChannel Channel { get; private set; } = null!;

    /// <summary>What the server logged at Error or above since it started.</summary>
    public HostErrorLog HostErrors { get; } = new();

    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("The server has not started.");

    public ICallRecordStore Records => Services.GetRequiredService<ICallRecordStore>();

    public ICallStepStore Steps => Services.GetRequiredService<ICallStepStore>();

    public IAdminAuditLog Audit => Services.GetRequiredService<IAdminAuditLog>();

    public IFlowServices FlowServices => Services.GetRequiredService<IFlowServices>();

    public ICustomerStore Customers => Services.GetRequiredService<ICustomerStore>();

    public IDoNotCallList DoNotCall => Services.GetRequiredService<IDoNotCallList>();

    public IApiKeyRecordStore ApiKeys => Services.GetRequiredService<IApiKeyRecordStore>();

    /// <summary>The happy calls and their survey results, as the attempts write them.</summary>
    public IHappyCallStore HappyCalls => Services.GetRequiredService<IHappyCallStore>();

    /// <summary>The server's database, for assertions in SQL.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The prompt library of the server (recorded prompts in <see cref="RecordedPromptsDirectory"/>, renders by espeak-ng).</summary>
    public PromptLibrary Library => Services.GetRequiredService<PromptLibrary>();

    /// <summary>The server's <c>Speech:PromptsDirectory</c>, empty at start: uploads land here.</summary>
    public string RecordedPromptsDirectory => _host?.PromptsDirectory ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>The shipped prompts folder, copied beside the tests.</summary>
    public static string PromptsDirectory => Path.Combine(AppContext.BaseDirectory, "prompts");

    /// <summary>A folder of this fixture for recordings and other files; deleted with the cluster's.</summary>
    public string FilesDirectory { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync().WaitAsync(TestTimeouts.Default);
        var connectionString = await _postgres.CreateDatabaseAsync().WaitAsync(TestTimeouts.Default);
        ConnectionString = connectionString;
        FilesDirectory = Directory.CreateTempSubdirectory("ivr-api-").FullName;
        var validation = new FlowValidationContext(PromptCatalog.Load(PromptsDirectory), TransferDestinations);
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        _host = await ApiTestHost.StartAsync(connectionString, validation, timeout.Token).WaitAsync(TestTimeouts.Default);
        _host.Services.GetRequiredService<ILoggerFactory>().AddProvider(HostErrors);
        Channel = GrpcChannel.ForAddress(_host.Address);
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
        if (_host is not null)
        {
            await _host.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Default);
        }

        await _postgres.DisposeAsync().WaitAsync(TestTimeouts.Default);
        if (FilesDirectory.Length > 0 && Directory.Exists(FilesDirectory))
        {
            Directory.Delete(FilesDirectory, recursive: true);
        }
    }
}
