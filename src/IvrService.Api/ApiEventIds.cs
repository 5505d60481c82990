namespace IvrService.Api;

/// <summary>Log event ids of the API: the range 7000–7999 belongs to the API.</summary>
public static class ApiEventIds
{
    public const int RequestUnauthenticated = 7001;
    public const int RequestPermissionDenied = 7002;
    public const int RecordingMissing = 7100;
    public const int RecordingUnreadable = 7101;
    public const int FlowPublished = 7200;
    public const int FlowRolledBack = 7201;
    public const int PromptUploaded = 7210;
    public const int PromptsRendered = 7211;
    public const int DoNotCallChanged = 7220;
    public const int ApiKeyCreated = 7230;
    public const int ApiKeyRevoked = 7231;
    public const int TestCallPlaced = 7240;
    public const int ServiceRequestUpserted = 7300;
    public const int CustomerUpserted = 7301;
    public const int ServiceCompletedReported = 7310;
    public const int HappyCallCancelRequested = 7311;
    public const int SurveyStreamStarted = 7320;
}
