namespace IvrService.Media.Detection;

/// <summary>The outcome of answering-machine detection over a stretch of audio.</summary>
/// <param name="Verdict">What the detector decided, or <see cref="AnsweringMachineVerdict.Undecided"/> when the audio ran out first.</param>
/// <param name="Reason">Why, in words (for logs and the call record); null while undecided.</param>
/// <param name="Elapsed">The audio analysed: up to the decision, or all of it when undecided.</param>
public sealed record AnsweringMachineResult(AnsweringMachineVerdict Verdict, string? Reason, TimeSpan Elapsed);
