namespace IvrService.Storage.HappyCalls;

/// <summary>How one dialling attempt of a happy call ended.</summary>
public enum AttemptOutcome
{
    /// <summary>486/600 before any ringing, or busy signalled by the trunk.</summary>
    Busy,

    /// <summary>Rang until the ring timeout (we cancelled), or 408/480.</summary>
    NoAnswer,

    /// <summary>Any other failure: 4xx/5xx, no route, trunk unreachable, media could not start.</summary>
    Failed,

    /// <summary>Answered by a machine (detector or the start gate not passed).</summary>
    AnsweringMachine,

    /// <summary>The customer rejected the call after it rang (486/603 after 180/183).</summary>
    Declined,

    /// <summary>Answered by a person who hung up before the last question.</summary>
    Unfinished,

    /// <summary>The customer pressed the opt-out key.</summary>
    OptedOut,

    /// <summary>Every question answered.</summary>
    Completed,

    /// <summary>The number was on the do-not-call list when the attempt was due; not dialled.</summary>
    DoNotCall,

    /// <summary>The instance running the attempt died during it (found by recovery).</summary>
    Interrupted,
}
