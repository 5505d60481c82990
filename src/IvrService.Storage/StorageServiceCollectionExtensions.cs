using IvrService.Flows;
using IvrService.Storage;
using IvrService.Storage.HappyCalls;
using IvrService.Storage.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IvrDatabase"/>, <see cref="ICallRecordStore"/>, <see cref="ICallRecordQueries"/>, <see cref="ICallReportQueries"/>, <see cref="IHappyCallReportQueries"/>, the flow stores (versions, call steps,
    /// <see cref="IFlowServices"/>), the admin audit log, customers, the do-not-call list, the API keys
    /// managed through the API, the happy-call store (<see cref="IHappyCallStore"/>) with its change signal
    /// (<see cref="ISurveyResultSignal"/>, listening in the background once the host starts) and its retention
    /// (<see cref="ISurveyResultChangePruner"/>, run on a timer by happy calls), and the hosted service that starts the
    /// database before other hosted services and stops it after them. Options come from the <c>Storage</c>
    /// section and <c>ConnectionStrings:Ivr</c>, validated at start.
    /// </summary>
    public static IServiceCollection AddIvrStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
                options.ConnectionString = configuration.GetConnectionString("Ivr"))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IvrDatabase>();
        services.TryAddSingleton<ICallRecordStore, NpgsqlCallRecordStore>();
        services.TryAddSingleton<ICallRecordQueries, NpgsqlCallRecordQueries>();
        services.TryAddSingleton<ICallReportQueries, NpgsqlCallReportQueries>();
        services.TryAddSingleton<IHappyCallReportQueries, NpgsqlHappyCallReportQueries>();
        services.TryAddSingleton<IFlowVersionStore, NpgsqlFlowVersionStore>();
        services.TryAddSingleton<ICallStepStore, NpgsqlCallStepStore>();
        services.TryAddSingleton<NpgsqlFlowServices>();
        services.TryAddSingleton<IFlowServices>(sp => sp.GetRequiredService<NpgsqlFlowServices>());
        services.TryAddSingleton<IServiceRequestStore>(sp => sp.GetRequiredService<NpgsqlFlowServices>());
        services.TryAddSingleton<IAdminAuditLog, NpgsqlAdminAuditLog>();
        services.TryAddSingleton<ICustomerStore, NpgsqlCustomerStore>();
        services.TryAddSingleton<IDoNotCallList, NpgsqlDoNotCallList>();
        services.TryAddSingleton<IApiKeyRecordStore, NpgsqlApiKeyRecordStore>();
        services.TryAddSingleton<IHappyCallStore, NpgsqlHappyCallStore>();
        services.TryAddSingleton<ISurveyResultChangePruner, NpgsqlSurveyResultChangePruner>();
        services.TryAddSingleton<NpgsqlSurveyResultSignal>();
        services.TryAddSingleton<ISurveyResultSignal>(sp => sp.GetRequiredService<NpgsqlSurveyResultSignal>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StorageHostedService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, NpgsqlSurveyResultSignal>(
            sp => sp.GetRequiredService<NpgsqlSurveyResultSignal>()));
        return services;
    }
}
