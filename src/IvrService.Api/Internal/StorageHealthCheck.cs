using IvrService.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IvrService.Api.Internal;

/// <summary>Healthy when the product's database answers a trivial query.</summary>
internal sealed class StorageHealthCheck : IHealthCheck
{
    private readonly IvrDatabase _database;

    public StorageHealthCheck(IvrDatabase database)
    {
        _database = database;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var command = _database.DataSource.CreateCommand("SELECT 1");
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }

            return HealthCheckResult.Healthy("the database answers");
        }
        catch (InvalidOperationException ex)
        {
            return HealthCheckResult.Unhealthy("the database is not started", ex);
        }
        catch (Npgsql.NpgsqlException ex)
        {
            return HealthCheckResult.Unhealthy("the database does not answer", ex);
        }
    }
}
