using IvrService.Sip;
using IvrService.Sip.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class SipServiceCollectionExtensions
{
    /// <summary>Binds and validates the <c>Sip</c> and <c>Sip:Security</c> sections at start.</summary>
    public static IServiceCollection AddIvrSip(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SipOptions>()
            .BindConfiguration(SipOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SipOptions>, SipOptionsValidator>());
        services.AddOptions<SipSecurityOptions>()
            .BindConfiguration(SipSecurityOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SipSecurityOptions>, SipSecurityOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
