using IvrService.Storage.HappyCalls;

namespace IvrService.HappyCalls;

/// <summary>One claimed attempt on the phone: dial, screen, run the survey storing each answer, hang up.</summary>
public interface ISurveyConversation
{
    /// <summary>
    /// Places the call of <paramref name="claim"/> and runs the survey when someone answers. Returns the attempt's
    /// result; <paramref name="cancellationToken"/> stops it (shutdown) with whatever was reached kept.
    /// </summary>
    Task<AttemptResult> RunAsync(AttemptClaim claim, HappyCallPolicy policy, CancellationToken cancellationToken);
}
