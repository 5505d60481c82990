using IvrService.Flows.Surveys;

namespace IvrService.Flows.Tests.Surveys;

/// <summary>A survey journal in memory: the answers, comments and steps in the order written.</summary>
internal sealed class SurveyLog : ISurveyJournal
{
    public List<SurveyAnswer> Answers { get; } = [];

    public List<RecordedMessage> Comments { get; } = [];

    public List<FlowStep> Steps { get; } = [];

    public Task AnswerAsync(SurveyAnswer answer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Answers.Add(answer);
        return Task.CompletedTask;
    }

    public Task CommentAsync(RecordedMessage comment, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Comments.Add(comment);
        return Task.CompletedTask;
    }

    public Task StepAsync(FlowStep step, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Steps.Add(step);
        return Task.CompletedTask;
    }

    /// <summary>The steps of a kind, as "node:detail".</summary>
    public List<string> StepsOf(FlowStepKind kind) =>
        [.. Steps.Where(step => step.Kind == kind).Select(step => $"{step.NodeId}:{step.Detail}")];
}
