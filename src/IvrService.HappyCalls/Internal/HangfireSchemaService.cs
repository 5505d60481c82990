using IvrService.Storage;
using Microsoft.Extensions.Hosting;

namespace IvrService.HappyCalls.Internal;

/// <summary>Installs or upgrades Hangfire's schema at start, after the database has started and before anything uses it.</summary>
internal sealed class HangfireSchemaService(IvrDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => HangfireStorageFactory.InstallSchemaAsync(database, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
