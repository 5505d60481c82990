namespace IvrService.HappyCalls.Internal;

internal static class PolicyWindows
{
    /// <summary>The calling window in the customer's zone (stored ids were checked at intake; the default otherwise).</summary>
    public static CallingWindow WindowFor(this HappyCallPolicy policy, string timeZoneId) =>
        policy.WindowFor(policy.TryFindTimeZone(timeZoneId, out var zone) ? zone : policy.DefaultTimeZone);
}
