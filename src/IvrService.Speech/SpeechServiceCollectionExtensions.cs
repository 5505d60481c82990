using IvrService.Speech;
using IvrService.Speech.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class SpeechServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates the <c>Speech</c> section and registers the configured <see cref="ITextToSpeech"/> provider
    /// (espeak-ng or Azure Speech) and the <see cref="PromptLibrary"/>.
    /// </summary>
    public static IServiceCollection AddIvrSpeech(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SpeechOptions>().BindConfiguration(SpeechOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SpeechOptions>, SpeechOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        // The provider bounds each render by Speech:RenderTimeout itself, retries included.
        services.AddHttpClient(AzureSpeechTextToSpeech.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<ITextToSpeech>(CreateTextToSpeech);
        services.TryAddSingleton(sp => new PromptLibrary(
            sp.GetRequiredService<IOptions<SpeechOptions>>().Value,
            sp.GetRequiredService<ITextToSpeech>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<PromptLibrary>>()));
        return services;
    }

    private static ITextToSpeech CreateTextToSpeech(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<SpeechOptions>>().Value;
        if (string.Equals(options.Provider?.Trim(), SpeechProviders.Azure, StringComparison.OrdinalIgnoreCase))
        {
            return new AzureSpeechTextToSpeech(
                options,
                services.GetRequiredService<IHttpClientFactory>(),
                services.GetRequiredService<TimeProvider>(),
                services.GetService<ILogger<AzureSpeechTextToSpeech>>());
        }

        return new EspeakNgTextToSpeech(options, services.GetService<ILogger<EspeakNgTextToSpeech>>());
    }
}
