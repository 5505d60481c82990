using System.Globalization;
using IvrService.Flows;
using Npgsql;

namespace IvrService.Storage.Internal;

/// <summary>
/// The data flows read and write, on PostgreSQL: service requests (numbered <c>yyMMdd</c> plus the day's
/// sequence, e.g. <c>2503010007</c>, so they read well on the phone), voice messages and callback requests.
/// </summary>
internal sealed class NpgsqlFlowServices : IFlowServices, IServiceRequestStore
{
    /// <summary>The status of a request created by phone, before the back office handles it.</summary>
    public const string RegisteredStatus = "registered";

    private const string RequestColumns = """
        number, status, status_date, visit_date, technician_name, product_code, customer_phone, contact_phone,
        created_at, updated_at, created_by_call
        """;

    /// <summary>The columns only the integration API writes (read after <see cref="RequestColumns"/>).</summary>
    private const string ApiColumns = "technician_id, service_type, customer_id";

    private readonly IvrDatabase _database;
    private readonly TimeProvider _time;

    public NpgsqlFlowServices(IvrDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }

    public async Task<ServiceRequestInfo?> FindServiceRequestAsync(string requestNumber, CancellationToken cancellationToken)
    {
        var record = await GetServiceRequestAsync(requestNumber, cancellationToken).ConfigureAwait(false);
        return record is null
            ? null
            : new ServiceRequestInfo(record.Number, record.Status, record.StatusDate, record.VisitDate, record.TechnicianName, record.ProductCode);
    }

    public async Task<string> CreateServiceRequestAsync(NewServiceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                int sequence;
                var next = new NpgsqlCommand(
                    """
                    INSERT INTO service_request_days (day, last) VALUES ($1, 1)
                    ON CONFLICT (day) DO UPDATE SET last = service_request_days.last + 1
                    RETURNING last
                    """,
                    connection);
                await using (next.ConfigureAwait(false))
                {
                    next.Parameters.Add(new() { Value = day });
                    sequence = (int)(await next.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                }

                var number = day.ToString("yyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("D4", CultureInfo.InvariantCulture);
                var insert = new NpgsqlCommand(
                    $"""
                    INSERT INTO service_requests ({RequestColumns})
                    VALUES ($1, $2, $3, NULL, NULL, $4, $5, $6, $7, $7, $8)
                    """,
                    connection);
                await using (insert.ConfigureAwait(false))
                {
                    insert.Parameters.Add(new() { Value = number });
                    insert.Parameters.Add(new() { Value = RegisteredStatus });
                    insert.Parameters.Add(new() { Value = day });
                    insert.Parameters.Add(new() { Value = request.ProductCode });
                    insert.Parameters.Add(new() { Value = request.CallerNumber });
                    insert.Parameters.Add(new() { Value = request.ContactNumber });
                    insert.Parameters.Add(new() { Value = now });
                    insert.Parameters.Add(new() { Value = request.CallId });
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return number;
            }
        }
    }

    public async Task<string> SaveVoiceMessageAsync(VoiceMessageEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var command = _database.DataSource.CreateCommand("""
            INSERT INTO voice_messages (call_id, caller, category, recording_path, duration_ms, language, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
            """);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = entry.CallId });
            command.Parameters.Add(new() { Value = entry.CallerNumber });
            command.Parameters.Add(new() { Value = entry.Category });
            command.Parameters.Add(new() { Value = entry.RecordingPath });
            command.Parameters.Add(new() { Value = (int)Math.Clamp(entry.Duration.TotalMilliseconds, 0, int.MaxValue) });
            command.Parameters.Add(new() { Value = entry.Language });
            command.Parameters.Add(new() { Value = _time.GetUtcNow() });
            var id = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            return id.ToString(CultureInfo.InvariantCulture);
        }
    }

    public async Task<string> SaveCallbackRequestAsync(CallbackEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var command = _database.DataSource.CreateCommand("""
            INSERT INTO callback_requests (call_id, caller, number, reason, language, created_at)
            VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
            """);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = entry.CallId });
            command.Parameters.Add(new() { Value = entry.CallerNumber });
            command.Parameters.Add(new() { Value = entry.Number });
            command.Parameters.Add(new() { Value = entry.Reason });
            command.Parameters.Add(new() { Value = entry.Language });
            command.Parameters.Add(new() { Value = _time.GetUtcNow() });
            var id = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            return id.ToString(CultureInfo.InvariantCulture);
        }
    }

    public async Task<ServiceRequestRecord?> GetServiceRequestAsync(string number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(number);
        var command = _database.DataSource.CreateCommand($"SELECT {RequestColumns}, {ApiColumns} FROM service_requests WHERE number = $1");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = number });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                return ReadRequest(reader);
            }
        }
    }

    public async Task<(ServiceRequestRecord Request, bool Created)> UpsertServiceRequestAsync(
        ServiceRequestRecord request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Number, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Status, nameof(request));

        // xmax is 0 for a row this statement inserted; a conflicting row is updated (its updated_at only when a
        // field differs), so a repeat of the same request leaves the row as it was.
        var command = _database.DataSource.CreateCommand($"""
            INSERT INTO service_requests ({RequestColumns}, {ApiColumns})
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, NULL, $10, $11, $12)
            ON CONFLICT (number) DO UPDATE SET status = excluded.status, status_date = excluded.status_date,
                visit_date = excluded.visit_date, technician_name = excluded.technician_name,
                product_code = excluded.product_code, customer_phone = excluded.customer_phone,
                contact_phone = excluded.contact_phone, technician_id = excluded.technician_id,
                service_type = excluded.service_type, customer_id = excluded.customer_id,
                updated_at = CASE WHEN (service_requests.status, service_requests.status_date, service_requests.visit_date,
                        service_requests.technician_name, service_requests.product_code, service_requests.customer_phone,
                        service_requests.contact_phone, service_requests.technician_id, service_requests.service_type,
                        service_requests.customer_id)
                    IS DISTINCT FROM (excluded.status, excluded.status_date, excluded.visit_date, excluded.technician_name,
                        excluded.product_code, excluded.customer_phone, excluded.contact_phone, excluded.technician_id,
                        excluded.service_type, excluded.customer_id)
                    THEN excluded.updated_at ELSE service_requests.updated_at END
            RETURNING {RequestColumns}, {ApiColumns}, (xmax = 0)
            """);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = request.Number });
            command.Parameters.Add(new() { Value = request.Status });
            command.Parameters.Add(Nullable(request.StatusDate, NpgsqlTypes.NpgsqlDbType.Date));
            command.Parameters.Add(Nullable(request.VisitDate, NpgsqlTypes.NpgsqlDbType.Date));
            command.Parameters.Add(Nullable(request.TechnicianName, NpgsqlTypes.NpgsqlDbType.Text));
            command.Parameters.Add(Nullable(request.ProductCode, NpgsqlTypes.NpgsqlDbType.Text));
            command.Parameters.Add(Nullable(request.CustomerPhone, NpgsqlTypes.NpgsqlDbType.Text));
            command.Parameters.Add(Nullable(request.ContactPhone, NpgsqlTypes.NpgsqlDbType.Text));
            command.Parameters.Add(new() { Value = request.UpdatedAt.ToUniversalTime() });
            command.Parameters.Add(Nullable(request.TechnicianId, NpgsqlTypes.NpgsqlDbType.Text));
            command.Parameters.Add(Nullable(request.ServiceType, NpgsqlTypes.NpgsqlDbType.Text));
            command.Parameters.Add(Nullable(request.CustomerId, NpgsqlTypes.NpgsqlDbType.Text));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                return (ReadRequest(reader), reader.GetBoolean(14));
            }
        }
    }

    private static ServiceRequestRecord ReadRequest(NpgsqlDataReader reader) =>
        new(
            reader.GetString(0),
            reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetFieldValue<DateOnly>(2),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<DateOnly>(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            reader.GetFieldValue<DateTimeOffset>(8),
            reader.GetFieldValue<DateTimeOffset>(9),
            reader.IsDBNull(10) ? null : reader.GetString(10))
        {
            TechnicianId = reader.IsDBNull(11) ? null : reader.GetString(11),
            ServiceType = reader.IsDBNull(12) ? null : reader.GetString(12),
            CustomerId = reader.IsDBNull(13) ? null : reader.GetString(13),
        };

    public async Task SaveServiceRequestAsync(ServiceRequestRecord request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Number, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Status, nameof(request));
        var command = _database.DataSource.CreateCommand($"""
            INSERT INTO service_requests ({RequestColumns}, {ApiColumns})
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT (number) DO UPDATE SET status = excluded.status, status_date = excluded.status_date,
                visit_date = excluded.visit_date, technician_name = excluded.technician_name,
                product_code = excluded.product_code, customer_phone = excluded.customer_phone,
                contact_phone = excluded.contact_phone, updated_at = excluded.updated_at,
                technician_id = excluded.technician_id, service_type = excluded.service_type,
                customer_id = excluded.customer_id
            """);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new() { Value = request.Number });
            command.Parameters.Add(new() { Value = request.Status });
            command.Parameters.Add(Nullable(request.StatusDate, NpgsqlTypes.NpgsqlDbType.Date));
            command.Parameters.Add(Nullable(request.VisitDate, NpgsqlTypes.NpgsqlDbType.Date));
            command.Parameters.Add(Nullable(request.TechnicianName, NpgsqlTypes.NpgsqlDbType.Text));
            command.Parameters.Add(Nullable(request.ProductCode, NpgsqlTypes.NpgsqlDbType.Text));
            command.Parameters.Add(Nullable(request.CustomerPhone, NpgsqlTypes.NpgsqlDbType.Text));
            command.Parameters.Add(Nullable(request.ContactPhone, NpgsqlTypes.NpgsqlDbType.Text));
            command.Parameters.Add(new() { Value = request.CreatedAt.ToUniversalTime() });
            command.Parameters.Add(new() { Value = request.UpdatedAt.ToUniversalTime() });
            command.Parameters.Add(Nullable(request.CreatedByCall, NpgsqlTypes.NpgsqlDbType.Text));
            command.Parameters.Add(Nullable(request.TechnicianId, NpgsqlTypes.NpgsqlDbType.Text));
            command.Parameters.Add(Nullable(request.ServiceType, NpgsqlTypes.NpgsqlDbType.Text));
            command.Parameters.Add(Nullable(request.CustomerId, NpgsqlTypes.NpgsqlDbType.Text));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static NpgsqlParameter Nullable(object? value, NpgsqlTypes.NpgsqlDbType type) =>
        new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };
}
