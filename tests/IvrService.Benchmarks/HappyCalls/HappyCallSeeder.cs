using System.Globalization;
using IvrService.HappyCalls;
using IvrService.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IvrService.Benchmarks.HappyCalls;

/// <summary>
/// Reports completed services as an integrator's API node would: the product's own scheduler (store row and Hangfire
/// job in one transaction) on the products' database, in this process, without a Hangfire server.
/// </summary>
internal sealed class HappyCallSeeder : IAsyncDisposable
{
    private const int Parallel = 8;

    private readonly ServiceProvider _services;

    private HappyCallSeeder(ServiceProvider services)
    {
        _services = services;
    }

    /// <param name="settings">The products' configuration keys (connection string and HappyCalls section).</param>
    public static async Task<HappyCallSeeder> OpenAsync(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddIvrStorage();
        services.AddIvrHappyCalls();
        var provider = services.BuildServiceProvider();
        try
        {
            await provider.GetRequiredService<IvrDatabase>().StartAsync(CancellationToken.None);
            return new HappyCallSeeder(provider);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reports <paramref name="calls"/> services completed at <paramref name="start"/> + i × span / calls, each for its own number.</summary>
    public async Task ReportAsync(int calls, DateTimeOffset start, TimeSpan span, CancellationToken cancellationToken)
    {
        var scheduler = _services.GetRequiredService<IHappyCallScheduler>();
        var next = -1;
        var workers = Enumerable.Range(0, Parallel).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < calls)
            {
                var completedAt = start + (span * i / calls);
                await scheduler.ReportAsync(
                    new ServiceCompletion(
                        Invariant($"bench-{i}"), Invariant($"customer-{i}"), Invariant($"+98912{i:D7}"), "Customer", "en",
                        "tech-1", "Technician", "repair", completedAt, "", ""),
                    cancellationToken);
            }
        });
        await Task.WhenAll(workers);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
