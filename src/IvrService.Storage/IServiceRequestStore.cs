namespace IvrService.Storage;

/// <summary>Service requests as the back office sees them: read one, and write one (status, visit, technician).</summary>
public interface IServiceRequestStore
{
    Task<ServiceRequestRecord?> GetServiceRequestAsync(string number, CancellationToken cancellationToken);

    /// <summary>Inserts the request or replaces every field of the stored one with the same number.</summary>
    Task SaveServiceRequestAsync(ServiceRequestRecord request, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts the request or replaces the stored one with the same number, for the integration API: the stored
    /// <c>CreatedAt</c> and <c>CreatedByCall</c> are kept, <c>UpdatedAt</c> (from the given record) moves only when a
    /// field changed, so a repeat changes nothing. Returns the stored request and whether it was created.
    /// </summary>
    Task<(ServiceRequestRecord Request, bool Created)> UpsertServiceRequestAsync(ServiceRequestRecord request, CancellationToken cancellationToken);
}
