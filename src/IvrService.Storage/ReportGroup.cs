namespace IvrService.Storage;

/// <summary>How the rows of a happy-call report are grouped besides their period.</summary>
public enum ReportGroup
{
    /// <summary>By period only (the group key is empty).</summary>
    None,

    /// <summary>By technician id (the group's name is the technician's name).</summary>
    Technician,

    /// <summary>By service type.</summary>
    ServiceType,
}
