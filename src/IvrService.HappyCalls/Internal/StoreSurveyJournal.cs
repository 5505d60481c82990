using IvrService.Flows;
using IvrService.Flows.Surveys;
using IvrService.Storage;
using IvrService.Storage.HappyCalls;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// Writes a survey run as it happens: each answer to <c>survey_answers</c> (a change on the results stream) the
/// moment it is given, the comment, and the path to the call's <c>call_steps</c>.
/// </summary>
internal sealed class StoreSurveyJournal(
    IHappyCallStore store, long happyCallId, int attempt, IFlowJournal steps, Func<CallDigitMethod> lastDigitMethod)
    : ISurveyJournal
{
    private int _answers;

    /// <summary>Answers stored by this run.</summary>
    public int Answers => Volatile.Read(ref _answers);

    public async Task AnswerAsync(SurveyAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var record = new SurveyAnswerRecord(
            answer.QuestionId, KindName(answer.Kind), answer.Value, answer.ChoiceId, answer.Digits, lastDigitMethod(),
            answer.AnsweredAt, attempt);

        // Stored even when the customer hangs up right after keying it.
        await store.AddAnswerAsync(happyCallId, record, answer.Escalates, CancellationToken.None).ConfigureAwait(false);
        Interlocked.Increment(ref _answers);
    }

    public Task CommentAsync(RecordedMessage comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(comment);
        return store.SetCommentAsync(happyCallId, comment.Path, CancellationToken.None);
    }

    public Task StepAsync(FlowStep step, CancellationToken cancellationToken) => steps.WriteAsync(step, CancellationToken.None);

    internal static string KindName(SurveyQuestionKind kind) => kind switch
    {
        SurveyQuestionKind.YesNo => "yes_no",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
