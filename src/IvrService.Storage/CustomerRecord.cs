namespace IvrService.Storage;

/// <summary>A customer of the integrator as stored: phones in E.164, the first the main one.</summary>
public sealed record CustomerRecord(
    string CustomerId,
    string Name,
    IReadOnlyList<string> Phones,
    string Language,
    string TimeZone,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
