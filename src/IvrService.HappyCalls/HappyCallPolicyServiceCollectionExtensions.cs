using IvrService.HappyCalls.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IvrService.HappyCalls;

public static class HappyCallPolicyServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="HappyCallOptions"/> from the <c>HappyCalls</c> section (a window day may also be one string, as
    /// environment variables give it), validates them at start and adds the
    /// <see cref="HappyCallPolicyResolver"/>.
    /// </summary>
    public static IServiceCollection AddIvrHappyCallPolicy(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<HappyCallOptions>()
            .BindConfiguration(HappyCallOptions.SectionName)
            .Configure<IConfiguration>(static (options, configuration) => WindowScalars.Apply(configuration, options))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HappyCallOptions>, HappyCallOptionsValidator>());
        services.TryAddSingleton(static provider => new HappyCallPolicyResolver(provider.GetRequiredService<IOptions<HappyCallOptions>>().Value));
        return services;
    }
}
