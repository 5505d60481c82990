namespace IvrService.HappyCalls;

/// <summary>
/// Overrides for one service type (<c>HappyCalls:ServiceTypes:{type}</c>); what is not given comes from
/// <see cref="HappyCallOptions"/>. <see cref="Window"/> and <see cref="RetryAfter"/> overlay per day and per outcome.
/// </summary>
public sealed class HappyCallServiceTypeOptions
{
    public bool? Enabled { get; set; }

    public string? SurveyId { get; set; }

    public TimeSpan? Delay { get; set; }

    public Dictionary<string, List<string>> Window { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public int? MaxAttempts { get; set; }

    public Dictionary<string, TimeSpan> RetryAfter { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public int? CompletionRetries { get; set; }

    public int? EscalationThreshold { get; set; }
}
