namespace IvrService.Storage;

/// <summary>Service requests as the back office sees them: read one, and write one (status, visit, technician).</summary>
public interface IServiceRequestStore
{
    Task<ServiceRequestRecord?> GetServiceRequestAsync(string number, CancellationToken cancellationToken);

    /// <summary>Inserts the request or replaces every field of the stored one with the same number.</summary>
    Task SaveServiceRequestAsync(ServiceRequestRecord request, CancellationToken cancellationToken);
}
