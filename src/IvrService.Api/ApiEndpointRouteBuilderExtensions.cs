using IvrService.Api.Internal;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

public static class ApiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the gRPC services of <c>protos/ivr/v1</c>, gRPC health checking (<c>grpc.health.v1.Health</c>, SERVING
    /// while the database answers) and server reflection. <paramref name="requireHost"/>, when given (for example
    /// <c>*:5081</c>), limits them to the gRPC endpoint.
    /// </summary>
    public static IEndpointRouteBuilder MapIvrApi(this IEndpointRouteBuilder endpoints, string? requireHost = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var builders = new IEndpointConventionBuilder[]
        {
            endpoints.MapGrpcService<CallsService>(),
            endpoints.MapGrpcService<ServiceEventsService>(),
            endpoints.MapGrpcService<SurveysService>(),
            endpoints.MapGrpcService<ReportsService>(),
            endpoints.MapGrpcService<AdminService>(),
            endpoints.MapGrpcHealthChecksService(),
            endpoints.MapGrpcReflectionService(),
        };
        if (requireHost is not null)
        {
            foreach (var builder in builders)
            {
                builder.RequireHost(requireHost);
            }
        }

        return endpoints;
    }
}
