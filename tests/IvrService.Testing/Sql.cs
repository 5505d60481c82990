using Npgsql;

namespace IvrService.Testing;

/// <summary>One-statement helpers for test assertions, with positional parameters ($1, $2, …).</summary>
public static class Sql
{
    public static async Task<T?> ScalarAsync<T>(string connectionString, string sql, params object[] parameters)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (dataSource.ConfigureAwait(false))
        {
            var command = dataSource.CreateCommand(sql);
            await using (command.ConfigureAwait(false))
            {
                foreach (var parameter in parameters)
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = parameter });
                }

                var result = await command.ExecuteScalarAsync().ConfigureAwait(false);
                return result is null or DBNull ? default : (T)result;
            }
        }
    }

    public static async Task<int> ExecuteAsync(string connectionString, string sql, params object[] parameters)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (dataSource.ConfigureAwait(false))
        {
            var command = dataSource.CreateCommand(sql);
            await using (command.ConfigureAwait(false))
            {
                foreach (var parameter in parameters)
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = parameter });
                }

                return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
    }
}
