using IvrService.HappyCalls;
using IvrService.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IvrService.IntegrationTests.HappyCalls;

/// <summary>
/// Intake of completed services into a product's database from the test process — the product's own scheduler and
/// Hangfire client, without a Hangfire server, SIP or calls — for tests that run the product as a separate process.
/// Open it once that product has started (it migrated the database and installed Hangfire's schema).
/// </summary>
internal sealed class HappyCallIntake : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private HappyCallIntake(ServiceProvider services)
    {
        _services = services;
    }

    public IHappyCallScheduler Scheduler => _services.GetRequiredService<IHappyCallScheduler>();

    /// <param name="settings">The product's configuration keys (the connection string and the HappyCalls section).</param>
    public static async Task<HappyCallIntake> OpenAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddIvrStorage();
        services.AddIvrHappyCalls();
        var provider = services.BuildServiceProvider();
        try
        {
            await provider.GetRequiredService<IvrDatabase>().StartAsync(cancellationToken);
            return new HappyCallIntake(provider);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
