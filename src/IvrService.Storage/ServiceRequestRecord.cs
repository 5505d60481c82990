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
    string? CreatedByCall);
