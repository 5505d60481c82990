using IvrService.Flows.Definitions;

namespace IvrService.Flows.Surveys;

/// <summary>
/// What every survey says around its questions: the intro, the prompts after an invalid key and after no key,
/// and the closing.
/// </summary>
public sealed record SurveyPrompts(PromptSequence Intro, PromptSequence Invalid, PromptSequence NoInput, PromptSequence Closing);

/// <summary>
/// The "press 1 to start" gate: a person must press <paramref name="Key"/> within <paramref name="Timeout"/>
/// (on one of <paramref name="Attempts"/> tries) or the run ends not started; answering machines do not press keys.
/// </summary>
public sealed record SurveyStartGate(char Key, PromptSequence Prompt, TimeSpan Timeout, int Attempts);

/// <summary>
/// The key that stops further survey calls, the prompt that offers it (said after the intro) and the one that
/// confirms it (said before hanging up).
/// </summary>
public sealed record SurveyOptOut(char Key, PromptSequence Prompt, PromptSequence Confirmed);

/// <summary>The optional voice comment after the last question: what is said, and how it is recorded.</summary>
public sealed record SurveyComment(PromptSequence Prompt, TimeSpan MaxLength, TimeSpan? Silence, char? FinishKey)
{
    /// <summary>The comment's id where question ids are listed (steps, already answered).</summary>
    public const string Id = "comment";

    /// <summary>
    /// Silence from the start of the recording, with nothing said, that ends it as no comment. The comment's own
    /// silence limit counts only after speech, so without this a customer who says nothing would be recorded to the
    /// maximum length (60 s in the shipped surveys), past the 30 s media timeout that cuts a phone suppressing
    /// silence (no RTP while quiet) before the closing is said.
    /// </summary>
    public static readonly TimeSpan NoSpeechLimit = TimeSpan.FromSeconds(10);
}
