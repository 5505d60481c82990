using IvrService.Api;
using IvrService.Api.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class ApiServiceCollectionExtensions
{
    /// <summary>The name of the database check reported by gRPC health checking and <c>/healthz</c>.</summary>
    public const string StorageHealthCheckName = "storage";

    /// <summary>The gRPC services of <c>protos/ivr/v1</c>, as named in health checks and reflection.</summary>
    public static readonly IReadOnlyList<string> ProductServices =
        ["ivr.v1.ServiceEvents", "ivr.v1.Surveys", "ivr.v1.Calls", "ivr.v1.Reports", "ivr.v1.Admin"];

    /// <summary>
    /// Registers the gRPC API: the services of <c>protos/ivr/v1</c>, API-key authentication (keys from
    /// <c>Api:Keys</c> and from the database's <c>api_keys</c>, unless another <see cref="IApiKeyStore"/> is registered
    /// first), message size limits, gRPC health checking (with a database check) and server reflection. Needs
    /// <c>AddIvrStorage()</c>, <c>AddIvrSpeech()</c> (the prompt library uploads and renders go to),
    /// <c>AddIvrHappyCalls()</c> (ReportServiceCompleted and CancelHappyCall go to its scheduler; without it they answer
    /// UNIMPLEMENTED), an
    /// <see cref="IvrService.Flows.Definitions.IFlowValidator"/> and an <see cref="IvrService.Flows.IPromptCatalogProvider"/>
    /// (the host registers the ones its calls load menus and prompts with). Adds the happy-call intake
    /// (<c>AddIvrHappyCallIntake()</c>: scheduling happy calls and test calls, the survey definitions) unless the host
    /// has registered happy calls already; the attempts run where a Hangfire server of <c>AddIvrHappyCalls()</c> runs.
    /// Map the endpoints with <c>MapIvrApi()</c>.
    /// </summary>
    public static IServiceCollection AddIvrApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>());
        services.TryAddSingleton<ConfiguredApiKeyStore>();
        services.TryAddSingleton<LayeredApiKeyStore>();
        services.TryAddSingleton<IApiKeyStore>(sp => sp.GetRequiredService<LayeredApiKeyStore>());
        services.TryAddSingleton<ApiKeyInterceptor>();
        services.TryAddSingleton<SurveyResultPageCache>();
        services.TryAddSingleton<PromptAdministration>();
        services.TryAddSingleton<ApiKeyAdministration>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddIvrHappyCallIntake();

        services.AddGrpc();
        services.AddOptions<Grpc.AspNetCore.Server.GrpcServiceOptions>().Configure<IOptions<ApiOptions>>((grpc, api) =>
        {
            grpc.MaxReceiveMessageSize = api.Value.MaxReceiveMessageBytes;
            grpc.MaxSendMessageSize = api.Value.MaxSendMessageBytes;
            grpc.EnableDetailedErrors = false;
            if (!grpc.Interceptors.Any(i => i.Type == typeof(ApiKeyInterceptor)))
            {
                grpc.Interceptors.Add<ApiKeyInterceptor>();
            }
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks(health =>
        {
            // Every product service stands on the database: each reports the database check's status (the host's
            // other checks, such as its SIP listener, are for /healthz and do not take the API down).
            foreach (var service in ProductServices)
            {
                health.Services.Map(service, result => result.Name == StorageHealthCheckName);
            }
        }).AddCheck<StorageHealthCheck>(StorageHealthCheckName);
        return services;
    }
}
