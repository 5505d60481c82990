namespace IvrService.Flows.Surveys;

/// <summary>
/// Where a survey run writes as it happens: each answer the moment it is given, the voice comment, and the steps
/// of its path (prompts, keys, timeouts, the outcome last), so nothing answered is lost when the call drops.
/// </summary>
public interface ISurveyJournal
{
    Task AnswerAsync(SurveyAnswer answer, CancellationToken cancellationToken);

    /// <summary>The customer's voice comment (only recordings in which speech was heard).</summary>
    Task CommentAsync(RecordedMessage comment, CancellationToken cancellationToken);

    /// <summary>
    /// One step of the path. <see cref="FlowStep.NodeId"/> is the question id, or one of <c>intro</c>,
    /// <c>start_gate</c>, <c>comment</c>, <c>closing</c>.
    /// </summary>
    Task StepAsync(FlowStep step, CancellationToken cancellationToken);
}
