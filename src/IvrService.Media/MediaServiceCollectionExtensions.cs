using IvrService.Media;
using IvrService.Media.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class MediaServiceCollectionExtensions
{
    /// <summary>Binds and validates the <c>Media</c> section and registers the process's one <see cref="MediaEngine"/>.</summary>
    public static IServiceCollection AddIvrMedia(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediaOptions>, MediaOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new MediaEngine(sp.GetRequiredService<IOptions<MediaOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
