using Hangfire;
using Hangfire.AspNetCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// Runs this instance's Hangfire server on the dial queue. It starts once the whole host has started (SIP listening,
/// the database migrated) and stops fetching jobs as soon as a stop begins; registered before SIP, its StopAsync
/// runs after the calls have been ended, so the attempts under way end and record their outcome before Hangfire
/// stops and the database closes.
/// </summary>
internal sealed class HangfireServerService(
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    IOptions<HappyCallOptions> options,
    DialCapacity capacity,
    HappyCallInstance instance) : IHostedService, IDisposable
{
    private readonly Lock _gate = new();
    private BackgroundJobServer? _server;
    private CancellationTokenRegistration _started;
    private CancellationTokenRegistration _stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = lifetime.ApplicationStarted.Register(StartServer);
        _stopping = lifetime.ApplicationStopping.Register(() => Server()?.SendStop());
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var server = Server();
        if (server is null)
        {
            return;
        }

        server.SendStop();
        await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _started.Dispose();
        _stopping.Dispose();
        Server()?.Dispose();
    }

    private BackgroundJobServer? Server()
    {
        lock (_gate)
        {
            return _server;
        }
    }

    private void StartServer()
    {
        var settings = options.Value;

        // Applies the process-wide configuration (serializer, log bridge) even where no job was created yet.
        _ = services.GetRequiredService<IGlobalConfiguration>();
        var storage = services.GetRequiredService<JobStorage>();
        var server = new BackgroundJobServer(
            new BackgroundJobServerOptions
            {
                ServerName = instance.Name,
                Queues = [settings.DialQueue, "default"],
                WorkerCount = settings.WorkerCountFor(capacity.ConcurrentCalls),
                SchedulePollingInterval = settings.PollInterval,
                ServerCheckInterval = TimeSpan.FromSeconds(30),
                ServerTimeout = TimeSpan.FromMinutes(1),
                ShutdownTimeout = TimeSpan.FromSeconds(15),
                Activator = new AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()),
            },
            storage);
        lock (_gate)
        {
            _server = server;
        }
    }
}
