namespace IvrService.Storage;

/// <summary>A service request (a visit asked for by phone or entered by the back office) as stored.</summary>
public sealed record ServiceRequestRecord(
    string Number,
    string Status,
    DateOnly? StatusDate,
    DateOnly? VisitDate,
    string? TechnicianName,
    string? ProductCode,
    string? CustomerPhone,
    string? ContactPhone,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? CreatedByCall)
{
    /// <summary>The integrator's id of the technician (set through the API).</summary>
    public string? TechnicianId { get; init; }

    /// <summary>The service type (set through the API).</summary>
    public string? ServiceType { get; init; }

    /// <summary>The integrator's id of the customer (set through the API).</summary>
    public string? CustomerId { get; init; }
}
