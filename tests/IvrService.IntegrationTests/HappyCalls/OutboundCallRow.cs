namespace IvrService.IntegrationTests.HappyCalls;

/// <summary>The columns of an outbound <c>call_records</c> row these tests look at.</summary>
public sealed record OutboundCallRow(long Id, string Direction, string Caller, string Called, string ToUri, string? EndReason, string? FlowOutcome)
{
    /// <summary>The flow the record names (the survey for a happy call) and its version.</summary>
    public (string? Id, int? Version) Flow { get; init; }
}
