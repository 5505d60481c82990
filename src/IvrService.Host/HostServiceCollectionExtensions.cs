using IvrService.Flows;
using IvrService.Flows.Definitions;
using IvrService.Host;
using IvrService.Host.Calls;
using IvrService.Host.Flows;
using IvrService.Host.Internal;
using IvrService.Speech;
using IvrService.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class HostServiceCollectionExtensions
{
    /// <summary>
    /// Composes the product: storage first (its hosted service starts the database), then the menus (seeded and
    /// checked before calls are taken), then SIP and calls.
    /// </summary>
    public static IServiceCollection AddIvrHost(this IServiceCollection services)
    {
        services.AddIvrStorage();
        services.AddIvrSip();
        services.AddIvrMedia();
        services.AddIvrSpeech();
        services.AddOptions<SpeechOptions>().Configure<IHostEnvironment, IOptions<StorageOptions>>((speech, environment, storage) =>
        {
            speech.PromptsDirectory ??= Path.Combine(environment.ContentRootPath, "prompts");
            speech.CacheDirectory ??= Path.Combine(storage.Value.ResolvedDataDirectory, "prompt-cache");
        });
        services.AddOptions<CallOptions>().BindConfiguration(CallOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallOptions>, CallOptionsValidator>());
        services.AddOptions<FlowOptions>().BindConfiguration(FlowOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FlowOptions>, FlowOptionsValidator>());
        services.TryAddSingleton<FlowDefinitions>();
        services.TryAddSingleton<IFlowValidator>(sp => sp.GetRequiredService<FlowDefinitions>());
        services.TryAddSingleton<IPromptCatalogProvider>(sp => sp.GetRequiredService<FlowDefinitions>());

        // The engine reads the time of day (hours nodes) and runs its timeouts on the host's clock; a test host
        // registers its own engine first to pin the business hours it sees.
        services.TryAddSingleton(sp => new FlowEngine(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<PromptWarmer>();
        services.AddHostedService<FlowStartupService>();
        services.TryAddSingleton<InboundCallHandler>();
        services.TryAddSingleton<SipHostedService>();
        services.AddHostedService(sp => sp.GetRequiredService<SipHostedService>());

        // The gRPC API and the health checks behind /healthz; Kestrel starts after the hosted services above.
        services.AddIvrApi();
        return services;
    }
}
