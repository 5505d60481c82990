namespace IvrService.Flows;

/// <summary>
/// The data a flow reads and writes: service requests (lookup and creation), voice messages and callback
/// requests. Storage implements it on PostgreSQL; the simulator keeps its own in memory.
/// </summary>
public interface IFlowServices
{
    Task<ServiceRequestInfo?> FindServiceRequestAsync(string requestNumber, CancellationToken cancellationToken);

    /// <summary>Creates a service request (a visit asked for by phone) and returns its number.</summary>
    Task<string> CreateServiceRequestAsync(NewServiceRequest request, CancellationToken cancellationToken);

    /// <summary>Stores a voice message (complaint, criticism, suggestion) and returns its entry id.</summary>
    Task<string> SaveVoiceMessageAsync(VoiceMessageEntry entry, CancellationToken cancellationToken);

    /// <summary>Stores a request to be called back and returns its id.</summary>
    Task<string> SaveCallbackRequestAsync(CallbackEntry entry, CancellationToken cancellationToken);
}

/// <summary>A service request as the follow-up menu speaks it.</summary>
public sealed record ServiceRequestInfo(string Number, string Status, DateOnly? StatusDate, DateOnly? VisitDate, string? TechnicianName, string? ProductCode);

public sealed record NewServiceRequest(string CallId, string CallerNumber, string ContactNumber, string ProductCode, string Language);

public sealed record VoiceMessageEntry(string CallId, string CallerNumber, string Category, string RecordingPath, TimeSpan Duration, string Language);

public sealed record CallbackEntry(string CallId, string CallerNumber, string Number, string Reason, string Language);
