using Microsoft.Extensions.Hosting;

namespace IvrService.Storage.Internal;

/// <summary>
/// Starts the database in <see cref="StartingAsync"/>, before any hosted service's StartAsync, and stops it
/// in <see cref="StoppedAsync"/>, after every hosted service's StopAsync: nothing else runs without it.
/// </summary>
internal sealed class StorageHostedService : IHostedLifecycleService
{
    private readonly IvrDatabase _database;

    public StorageHostedService(IvrDatabase database)
    {
        _database = database;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => _database.StartAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => _database.StopAsync(cancellationToken);
}
