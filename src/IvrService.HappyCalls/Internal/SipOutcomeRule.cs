using IvrService.Storage.HappyCalls;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// One row of the SIP outcome table: final statuses <see cref="FirstStatus"/>..<see cref="LastStatus"/> map to
/// <see cref="BeforeRinging"/> or <see cref="AfterRinging"/>; <see cref="Meaning"/> is why.
/// </summary>
internal sealed record SipOutcomeRule(int FirstStatus, int LastStatus, AttemptOutcome BeforeRinging, AttemptOutcome AfterRinging, string Meaning)
{
    public bool Matches(int status) => status >= FirstStatus && status <= LastStatus;
}
