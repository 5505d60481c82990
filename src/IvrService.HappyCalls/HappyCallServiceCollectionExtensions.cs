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
    /// Registers happy calls: the intake (<see cref="AddIvrHappyCallIntake"/>), the attempt job, this instance's
    /// Hangfire server, the recovery sweep and the retention of the results stream's changes. The host adds the <see cref="IOutboundDialer"/> and the
    /// <see cref="DialCapacity"/> (from its trunk's channels).
    /// Register after storage and before SIP: the server stops after the calls have ended.
    /// </summary>
    public static IServiceCollection AddIvrHappyCalls(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddIvrHappyCallIntake();
        services.TryAddSingleton(HappyCallInstance.Default);
        services.TryAddSingleton<DialSlots>();
        services.TryAddSingleton<HappyCallMetrics>();
        services.TryAddSingleton<AttemptFinisher>();
        services.TryAddSingleton<AttemptRecovery>();
        services.TryAddSingleton<ISurveyConversation, SurveyConversation>();
        services.TryAddSingleton<IInboundSurveyOffer, InboundSurveyOffer>();
        services.TryAddTransient<HappyCallAttemptJob>();
        services.AddHostedService<SurveyStartupService>();
        services.AddHostedService<HangfireServerService>();
        services.AddHostedService<HappyCallSweeper>();
        services.AddHostedService<ResultChangeRetention>();
        return services;
    }

    /// <summary>
    /// Registers the happy-call intake without running any attempt: the policy, <see cref="IHappyCallScheduler"/>
    /// (which writes each happy call with the Hangfire job of its first attempt), Hangfire's client on the product's
    /// database (schema <c>hangfire</c>) and the <see cref="SurveyDefinitions"/>. Jobs run where
    /// <see cref="AddIvrHappyCalls"/> runs a Hangfire server on the same database. Needs storage and an
    /// <see cref="IvrService.Flows.IPromptCatalogProvider"/>. Called by <see cref="AddIvrHappyCalls"/>; idempotent.
    /// </summary>
    public static IServiceCollection AddIvrHappyCallIntake(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(HappyCallJobs)))
        {
            return services;
        }

        services.AddIvrHappyCallPolicy();
        services.TryAddSingleton(TimeProvider.System);

        // Offline until used: the schema is installed by a hosted service once the database has started.
        services.TryAddSingleton<JobStorage>(sp => HangfireStorageFactory.Create(
            sp.GetRequiredService<IvrDatabase>(), sp.GetRequiredService<IOptions<HappyCallOptions>>().Value.QueuePollInterval));
        services.TryAddSingleton<HangfireLogAttachment>();
        services.AddHangfire((sp, configuration) =>
        {
            configuration
                .UseLogProvider(LogBridgeFor(sp))
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            HangfireJobFilters.RemoveUnused();
        });
        services.TryAddSingleton(sp => new HappyCallJobs(
            sp.GetRequiredService<IBackgroundJobClient>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<HappyCallOptions>>().Value.DialQueue));
        services.TryAddSingleton<IHappyCallScheduler, HappyCallScheduler>();
        services.TryAddSingleton<SurveyDefinitions>();

        // Jobs are created against Hangfire's tables, installed once the database has started.
        services.AddHostedService<HangfireSchemaService>();
        return services;
    }

    private static HangfireLogBridge LogBridgeFor(IServiceProvider services)
    {
        _ = services.GetRequiredService<HangfireLogAttachment>();
        return HangfireLogBridge.Instance;
    }
}
