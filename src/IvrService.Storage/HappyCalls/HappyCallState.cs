namespace IvrService.Storage.HappyCalls;

/// <summary>Where a happy call stands (stored as its lower-case snake name).</summary>
public enum HappyCallState
{
    /// <summary>Waiting for its next attempt.</summary>
    Pending,

    /// <summary>An attempt is claimed: dialling or talking.</summary>
    InProgress,

    /// <summary>The survey ended: completed, partial, opted out or declined.</summary>
    Finished,

    /// <summary>The attempts ran out without reaching the customer.</summary>
    Unreached,

    Cancelled,

    /// <summary>Not called (any more): the number is on the do-not-call list.</summary>
    DoNotCall,
}
