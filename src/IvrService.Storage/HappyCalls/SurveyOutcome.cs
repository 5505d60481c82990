namespace IvrService.Storage.HappyCalls;

/// <summary>How a happy call's survey ended; <see cref="None"/> while it has not.</summary>
public enum SurveyOutcome
{
    None,
    Completed,

    /// <summary>Reached, but not every question answered (after the completion retry).</summary>
    Partial,
    OptedOut,
    Declined,
    Unreached,
    Cancelled,
    DoNotCall,
}
