namespace IvrService.Storage.HappyCalls;

/// <summary>Position after the last result of a page: listings go most recently updated first, then by id descending.</summary>
public sealed record SurveyResultCursor(DateTimeOffset UpdatedAt, long Id);
