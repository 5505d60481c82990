using Hangfire.PostgreSql;
using IvrService.Storage;
using Npgsql;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// Hands Hangfire connections from the product's own data source, so that inside a <c>StorageTransaction</c> scope
/// Npgsql gives Hangfire the very connection the store just used: the happy-call row and its job commit together.
/// </summary>
internal sealed class DataSourceConnectionFactory(IvrDatabase database) : IConnectionFactory
{
    public NpgsqlConnection GetOrCreateConnection() => database.DataSource.CreateConnection();
}
