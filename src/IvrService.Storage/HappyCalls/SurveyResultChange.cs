namespace IvrService.Storage.HappyCalls;

/// <summary>
/// One entry of the ordered change table (<c>survey_result_changes</c>): positions grow in commit order, so a
/// reader that has seen position N has seen every change at or below N.
/// </summary>
public sealed record SurveyResultChange(long Position, long HappyCallId, bool Created, DateTimeOffset ChangedAt);
