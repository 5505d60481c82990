namespace IvrService.Media.Detection;

/// <summary>What an <see cref="AnsweringMachineDetector"/> made of the first seconds after answer.</summary>
public enum AnsweringMachineVerdict
{
    /// <summary>Still listening.</summary>
    Undecided,

    /// <summary>A short greeting and then a pause: someone said "Hello?" and waits for an answer.</summary>
    Human,

    /// <summary>A long or wordy greeting without a pause, or a recording beep.</summary>
    Machine,

    /// <summary>
    /// Nothing was said within the initial-silence limit. Not a person who answered: the caller decides
    /// (hang up and retry, or play the gate prompt anyway).
    /// </summary>
    Silence,
}
