namespace IvrService.IntegrationTests.HappyCalls;

/// <summary>
/// The per-outcome host with the answering-machine detector on. SIPp sends no RTP while it plays nothing, so the
/// media timeout is raised past a whole unanswered start gate: a silent callee is then ended by the survey, not by
/// the media timeout.
/// </summary>
public sealed class AnsweringMachineHost : HappyCallOutcomeHost
{
    public AnsweringMachineHost()
        : base(detectMachines: true)
    {
        Calls.Settings["Media:MediaTimeoutSeconds"] = "90";
    }
}
