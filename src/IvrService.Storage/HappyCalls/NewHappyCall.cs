namespace IvrService.Storage.HappyCalls;

/// <summary>A completed service reported by the integrator, normalised and validated, with its first due time.</summary>
public sealed record NewHappyCall(
    string ServiceId,
    string CustomerId,
    string Phone,
    string CustomerName,
    string Language,
    string TechnicianId,
    string TechnicianName,
    string ServiceType,
    DateTimeOffset CompletedAt,
    string TimeZone,
    string SurveyId,
    DateTimeOffset DueAt);
