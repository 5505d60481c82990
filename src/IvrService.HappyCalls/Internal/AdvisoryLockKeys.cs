namespace IvrService.HappyCalls.Internal;

/// <summary>
/// Session-level advisory lock keys of happy calls. Slots use the two-key form (class, slot); a happy call's
/// attempt lock the one-key form with the class in the high bits, so ids up to 2^40 never meet another key.
/// </summary>
internal static class AdvisoryLockKeys
{
    /// <summary>"IVRD": one outbound channel of the trunk.</summary>
    public const int DialSlotClass = 0x49565244;

    private const long AttemptClass = 0x4856L << 40;

    public static long Attempt(long happyCallId) => AttemptClass | (happyCallId & ((1L << 40) - 1));
}
