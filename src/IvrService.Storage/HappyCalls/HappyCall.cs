namespace IvrService.Storage.HappyCalls;

/// <summary>
/// One happy call (and its survey result: the result id is the happy call's id) as stored in <c>happy_calls</c>,
/// with its answers in order and the call records of its attempts.
/// </summary>
public sealed record HappyCall(
    long Id,
    string ServiceId,
    string CustomerId,
    string Phone,
    string CustomerName,
    string Language,
    string TechnicianId,
    string TechnicianName,
    string ServiceType,
    DateTimeOffset CompletedAt,
    string TimeZone,
    string SurveyId,
    int SurveyVersion,
    HappyCallState State,
    SurveyOutcome Outcome,
    int Attempts,
    int CompletionRetries,
    DateTimeOffset? NextAttemptAt,
    bool Escalated,
    bool HasComment,
    string? JobId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public IReadOnlyList<SurveyAnswerRecord> Answers { get; init; } = [];

    /// <summary>Call record ids of the attempts that were placed, oldest first.</summary>
    public IReadOnlyList<long> CallIds { get; init; } = [];

    /// <summary>
    /// A cancellation arrived while an attempt was in progress: no further attempt is made (an attempt ended with
    /// a retry after it cancels the happy call instead).
    /// </summary>
    public bool CancelRequested { get; init; }

    /// <summary>Where the customer's voice comment is stored when <see cref="HasComment"/>.</summary>
    public string? CommentPath { get; init; }
}
