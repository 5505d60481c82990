namespace IvrService.Flows.Simulation;

/// <summary>Who calls, when, in which language, and where transfers may go, for one simulated call.</summary>
public sealed record SimulationOptions
{
    public string CallerNumber { get; init; } = "09121234567";

    public string CalledNumber { get; init; } = "100";

    /// <summary>The language to start in; the flow's default when null.</summary>
    public string? Language { get; init; }

    /// <summary>When the call starts (decides the hours branch); now when null.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>The transfer allow-list: destination name → SIP URI.</summary>
    public IReadOnlyDictionary<string, string> TransferDestinations { get; init; } = new Dictionary<string, string>();

    /// <summary>How transfers go (accepted by default).</summary>
    public TransferResult TransferResult { get; init; } = new(true, 202, "Accepted");
}
