namespace IvrService.HappyCalls;

/// <summary>
/// A completed service as the integrator reported it (ReportServiceCompleted), before normalisation: the phone
/// in any accepted format, empty strings where the integrator gave nothing.
/// </summary>
public sealed record ServiceCompletion(
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
    string SurveyId);
