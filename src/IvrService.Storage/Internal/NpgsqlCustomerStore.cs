using Npgsql;

namespace IvrService.Storage.Internal;

/// <summary><see cref="ICustomerStore"/> on <c>customers</c>.</summary>
internal sealed class NpgsqlCustomerStore : ICustomerStore
{
    private const string Columns = "customer_id, name, phones, language, time_zone, created_at, updated_at";

    private readonly IvrDatabase _database;

    public NpgsqlCustomerStore(IvrDatabase database)
    {
        _database = database;
    }

    public async Task<CustomerRecord?> GetCustomerAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        var command = _database.DataSource.CreateCommand($"SELECT {Columns} FROM customers WHERE customer_id = $1");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = customerId });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
            }
        }
    }

    public async Task<(CustomerRecord Customer, bool Created)> UpsertCustomerAsync(CustomerRecord customer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentException.ThrowIfNullOrWhiteSpace(customer.CustomerId, nameof(customer));

        // xmax is 0 for a row this statement inserted; updated_at moves only when a field differs.
        var command = _database.DataSource.CreateCommand($"""
            INSERT INTO customers ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $6)
            ON CONFLICT (customer_id) DO UPDATE SET name = excluded.name, phones = excluded.phones,
                language = excluded.language, time_zone = excluded.time_zone,
                updated_at = CASE WHEN (customers.name, customers.phones, customers.language, customers.time_zone)
                    IS DISTINCT FROM (excluded.name, excluded.phones, excluded.language, excluded.time_zone)
                    THEN excluded.updated_at ELSE customers.updated_at END
            RETURNING {Columns}, (xmax = 0)
            """);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = customer.CustomerId });
            command.Parameters.Add(new() { Value = customer.Name });
            command.Parameters.Add(new() { Value = customer.Phones.ToArray() });
            command.Parameters.Add(new() { Value = customer.Language });
            command.Parameters.Add(new() { Value = customer.TimeZone });
            command.Parameters.Add(new() { Value = customer.UpdatedAt.ToUniversalTime() });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                return (Read(reader), reader.GetBoolean(7));
            }
        }
    }

    private static CustomerRecord Read(NpgsqlDataReader reader) =>
        new(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetFieldValue<string[]>(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetFieldValue<DateTimeOffset>(5),
            reader.GetFieldValue<DateTimeOffset>(6));
}
