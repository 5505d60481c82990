using IvrService.Host;
using IvrService.Host.Calls;
using IvrService.Host.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class HostServiceCollectionExtensions
{
    /// <summary>Composes the product: storage first (its hosted service starts the database), then SIP and calls.</summary>
    public static IServiceCollection AddIvrHost(this IServiceCollection services)
    {
        services.AddIvrStorage();
        services.AddIvrSip();
        services.AddIvrMedia();
        services.AddOptions<CallOptions>().BindConfiguration(CallOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallOptions>, CallOptionsValidator>());
        services.TryAddSingleton<InboundCallHandler>();
        services.TryAddSingleton<SipHostedService>();
        services.AddHostedService(sp => sp.GetRequiredService<SipHostedService>());

        // The gRPC API and the health checks behind /healthz; Kestrel starts after the hosted services above.
        services.AddIvrApi();
        return services;
    }
}
