using Hangfire;
using IvrService.Host.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

public static class IvrEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps what the product serves over HTTP: the gRPC API (with health checking and reflection), <c>/healthz</c>
    /// (JSON: the database and the SIP listener; 503 when either is unhealthy, from the moment a stop begins) and
    /// the Prometheus scrape endpoint <c>/metrics</c> (needs <c>AddIvrEndpoints()</c>), and the Hangfire dashboard at
    /// <c>/hangfire</c> behind the API keys (admins act, integrators read).
    /// </summary>
    public static WebApplication MapIvrEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapIvrApi();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapHangfireDashboard(
            "/hangfire",
            new DashboardOptions
            {
                AsyncAuthorization = [app.Services.GetRequiredService<HangfireDashboardAuthorization>()],
                IsReadOnlyFunc = HangfireDashboardAuthorization.IsReadOnly,
                DisplayStorageConnectionString = false,
                DashboardTitle = "IvrService happy calls",
                AppPath = null,
            },
            app.Services.GetRequiredService<JobStorage>());
        return app;
    }
}
