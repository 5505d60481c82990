using IvrService.Flows;
using IvrService.Flows.Definitions;
using IvrService.Storage;
using IvrService.Storage.HappyCalls;
using IvrService.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IvrService.Cli.Tests;

/// <summary>
/// The API on a real Kestrel port over a throw-away PostgreSQL database (<see cref="ApiTestHost"/>), judging menus
/// against the same English prompts <see cref="PromptsFolder"/> writes and an allow-list with <c>operator</c>.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly PostgresFixture _postgres = new();
    private ApiTestHost? _host;

    public string Address => _host?.Address ?? throw new InvalidOperationException("The server has not started.");

    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("The server has not started.");

    public ICallRecordStore Records => _host!.Services.GetRequiredService<ICallRecordStore>();

    public ICallStepStore Steps => _host!.Services.GetRequiredService<ICallStepStore>();

    public IDoNotCallList DoNotCall => _host!.Services.GetRequiredService<IDoNotCallList>();

    /// <summary>The happy calls and their survey results, as the attempts write them.</summary>
    public IHappyCallStore HappyCalls => _host!.Services.GetRequiredService<IHappyCallStore>();

    /// <summary>The server's database (another host may be started on it).</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>What menus are judged against (for another host on the same database).</summary>
    public FlowValidationContext Validation { get; private set; } = null!;

    /// <summary>The server's <c>Speech:PromptsDirectory</c>: uploaded recordings land here.</summary>
    public string RecordedPromptsDirectory => _host?.PromptsDirectory ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync().WaitAsync(TestTimeouts.Default);
        var connectionString = await _postgres.CreateDatabaseAsync().WaitAsync(TestTimeouts.Default);
        var prompts = PromptCatalog.Create(new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            ["en"] = PromptCatalog.Parse(PromptsFolder.Prompts, "prompts/en/prompts.yaml"),
        });
        var destinations = new Dictionary<string, string>(StringComparer.Ordinal) { ["operator"] = "sip:operator@pbx.example.com" };
        ConnectionString = connectionString;
        Validation = new FlowValidationContext(prompts, destinations);
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        _host = await ApiTestHost.StartAsync(connectionString, Validation, timeout.Token)
            .WaitAsync(TestTimeouts.Default);
    }

    /// <summary><c>--server</c> and <c>--key</c> for the admin key, to append to a command line.</summary>
    public string[] AsAdmin => ["--server", Address, "--key", ApiTestHost.AdminKey];

    /// <summary><c>--server</c> and <c>--key</c> for the integrator key.</summary>
    public string[] AsIntegrator => ["--server", Address, "--key", ApiTestHost.IntegratorKey];

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Default);
        }

        await _postgres.DisposeAsync().WaitAsync(TestTimeouts.Default);
    }
}
