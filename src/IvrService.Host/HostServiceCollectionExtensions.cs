using IvrService.Flows;
using IvrService.Flows.Definitions;
using IvrService.HappyCalls;
using IvrService.Host;
using IvrService.Host.Calls;
using IvrService.Host.Calls.Outbound;
using IvrService.Host.Flows;
using IvrService.Host.Internal;
using IvrService.Sip;
using IvrService.Speech;
using IvrService.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Microsoft.Extensions.DependencyInjection;

public static class HostServiceCollectionExtensions
{
    /// <summary>The name of the SIP listener's check in <c>/healthz</c>.</summary>
    public const string SipHealthCheckName = "sip";

    /// <summary>The meters of the product's own instruments (IvrService.Sip, .Media, .Calls, .Speech, ...).</summary>
    public const string MeterNames = "IvrService.*";

    /// <summary>Seconds the shutdown may take beyond <c>Calls:ShutdownGraceSeconds</c> (BYEs, records, API, database).</summary>
    public const int ShutdownReserveSeconds = 35;

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
            speech.RecordingsDirectory ??= Path.Combine(storage.Value.ResolvedDataDirectory, "prompt-recordings");
        });
        services.AddOptions<CallOptions>().BindConfiguration(CallOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallOptions>, CallOptionsValidator>());

        // Stopping waits the grace for calls, then up to 5 s for BYEs and 5 s for their records, then stops the
        // API and the database: the host's own limit leaves room for all of it.
        services.AddOptions<HostOptions>().Configure<IOptions<CallOptions>>((host, calls) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(Math.Max(calls.Value.ShutdownGraceSeconds, 0) + ShutdownReserveSeconds));
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

        // Happy calls, registered before SIP: Hangfire's server stops after the calls have been ended. Attempts are
        // claimed (and Hangfire's server named) under this instance's Calls:InstanceId, as its call records are.
        services.TryAddSingleton(sp => new HappyCallInstance(
            sp.GetRequiredService<IOptions<CallOptions>>().Value.InstanceId is { Length: > 0 } instanceId
                ? instanceId
                : HappyCallInstance.Default.Name));
        services.AddIvrHappyCalls();
        services.TryAddSingleton<HangfireDashboardAuthorization>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HappyCallOptions>, HappyCallTrunkValidator>());
        services.TryAddSingleton(sp => HappyCallTrunk.Capacity(
            sp.GetRequiredService<IOptions<HappyCallOptions>>().Value, sp.GetRequiredService<IOptions<SipOptions>>().Value));
        services.AddMetrics();
        services.TryAddSingleton<CallMetrics>();
        services.TryAddSingleton<CallRegistry>();
        services.TryAddSingleton<CallLifecycle>();
        services.TryAddSingleton<IvrService.Media.Audio.PromptCache>();
        services.TryAddSingleton<InboundCallHandler>();

        // Outbound calls through the trunks; the answer screen takes every answer for a person until a detector
        // is registered in its place.
        services.TryAddSingleton<IAnswerScreen, DetectorAnswerScreen>();
        services.TryAddSingleton<SipOutboundDialer>();
        services.TryAddSingleton<IOutboundDialer>(sp => sp.GetRequiredService<SipOutboundDialer>());
        services.TryAddSingleton<SipHostedService>();
        services.AddHostedService(sp => sp.GetRequiredService<SipHostedService>());
        services.AddHealthChecks().AddCheck<SipListenerHealthCheck>(SipHealthCheckName);

        // The gRPC API and the health checks behind /healthz; Kestrel starts after the hosted services above.
        services.AddIvrApi();
        return services;
    }

    /// <summary>
    /// What the product adds when it serves HTTP (the program, not a bare worker host): <c>Kestrel:Endpoints</c>
    /// checked at start, and OpenTelemetry metrics — the product's meters, ASP.NET Core's request durations (the
    /// gRPC API's included) and the runtime's — read by the Prometheus scrape endpoint that
    /// <c>MapIvrEndpoints()</c> maps at <c>/metrics</c>.
    /// </summary>
    public static IServiceCollection AddIvrEndpoints(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<EndpointOptions>().BindConfiguration(EndpointOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EndpointOptions>, EndpointOptionsValidator>());
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("IvrService"))
            .WithMetrics(metrics => metrics
                .AddMeter(MeterNames)
                .AddMeter("System.Runtime")
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
        return services;
    }

    /// <summary>
    /// Reports to the service manager the host runs under: the Windows service control manager, or systemd
    /// (<c>Type=notify</c>: READY=1 once every hosted service and Kestrel have started, STOPPING=1 when a stop
    /// begins). systemd is recognised as the parent process (the library's own test) or, for supervisors that
    /// speak its notify protocol without being systemd (<c>systemd-run</c> scopes, container runtimes), by the
    /// <c>NOTIFY_SOCKET</c> they set, as <c>sd_notify</c> itself does.
    /// </summary>
    public static IServiceCollection AddIvrServiceManagers(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddWindowsService(o => o.ServiceName = "IvrService");
        services.AddSystemd();
        if (OperatingSystem.IsLinux() && !SystemdHelpers.IsSystemdService()
            && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NOTIFY_SOCKET")))
        {
            services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
            services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }

        return services;
    }
}
