using Hangfire;
using IvrService.HappyCalls;
using IvrService.HappyCalls.Internal;
using IvrService.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class HappyCallServiceCollectionExtensions
{
    /// <summary>
    /// Registers happy calls: the policy, intake (<see cref="IHappyCallScheduler"/>), the attempt job, Hangfire on the
    /// product's database (schema <c>hangfire</c>), this instance's Hangfire server and the recovery sweep. The host
    /// adds the <see cref="IOutboundDialer"/> and the <see cref="DialCapacity"/> (from its trunk's channels).
    /// Register after storage and before SIP: the server stops after the calls have ended.
    /// </summary>
    public static IServiceCollection AddIvrHappyCalls(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddIvrHappyCallPolicy();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(HappyCallInstance.Default);

        // Offline until used: the schema is installed by a hosted service once the database has started.
        services.TryAddSingleton<JobStorage>(sp => HangfireStorageFactory.Create(
            sp.GetRequiredService<IvrDatabase>(), sp.GetRequiredService<IOptions<HappyCallOptions>>().Value.PollInterval));
        services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.TryAddSingleton(sp => new HappyCallJobs(
            sp.GetRequiredService<IBackgroundJobClient>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<HappyCallOptions>>().Value.DialQueue));

        services.TryAddSingleton<DialSlots>();
        services.TryAddSingleton<HappyCallMetrics>();
        services.TryAddSingleton<AttemptFinisher>();
        services.TryAddSingleton<AttemptRecovery>();
        services.TryAddSingleton<IHappyCallScheduler, HappyCallScheduler>();
        services.TryAddSingleton<SurveyDefinitions>();
        services.TryAddSingleton<ISurveyConversation, SurveyConversation>();
        services.TryAddSingleton<IInboundSurveyOffer, InboundSurveyOffer>();
        services.TryAddTransient<HappyCallAttemptJob>();
        services.AddHostedService<SurveyStartupService>();
        services.AddHostedService<HangfireSchemaService>();
        services.AddHostedService<HangfireServerService>();
        services.AddHostedService<HappyCallSweeper>();
        return services;
    }
}
