namespace IvrService.IntegrationTests.HappyCalls;

/// <summary>One row of <c>happy_call_attempts</c> as stored (outcome text as in the table).</summary>
public sealed record AttemptRow(int Attempt, string? Outcome, int? SipStatus, long? CallRecordId);
