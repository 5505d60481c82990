namespace IvrService.HappyCalls;

/// <summary>Event ids of the happy-call log messages (8000–8999).</summary>
internal static class HappyCallsEventIds
{
    public const int Scheduled = 8000;
}
