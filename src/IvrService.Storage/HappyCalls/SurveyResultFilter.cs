namespace IvrService.Storage.HappyCalls;

/// <summary>Filters of a result listing; null or empty means any. Combined with AND.</summary>
public sealed record SurveyResultFilter
{
    public DateTimeOffset? UpdatedFrom { get; init; }

    /// <summary>Exclusive upper bound.</summary>
    public DateTimeOffset? UpdatedTo { get; init; }

    public string? TechnicianId { get; init; }

    public string? ServiceType { get; init; }

    public IReadOnlyCollection<SurveyOutcome> Outcomes { get; init; } = [];

    public bool? Escalated { get; init; }
}
