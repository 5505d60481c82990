using IvrService.HappyCalls;
using IvrService.Sip;

namespace IvrService.Host.Internal;

/// <summary>The trunk happy calls go out on (<c>HappyCalls:Trunk</c>, else the first of <c>Sip:Trunks</c>) and the channel cap it sets.</summary>
internal static class HappyCallTrunk
{
    public static SipTrunkOptions? Find(HappyCallOptions happyCalls, SipOptions sip) =>
        string.IsNullOrWhiteSpace(happyCalls.Trunk)
            ? sip.Trunks.FirstOrDefault()
            : sip.Trunks.FirstOrDefault(t => string.Equals(t.Name, happyCalls.Trunk, StringComparison.OrdinalIgnoreCase));

    /// <summary><c>HappyCalls:MaxConcurrentCalls</c>, else the trunk's channels; 1 without a trunk (every attempt then fails, logged).</summary>
    public static DialCapacity Capacity(HappyCallOptions happyCalls, SipOptions sip) =>
        new(Math.Max(1, happyCalls.ConcurrentCallsFor(Find(happyCalls, sip)?.Channels ?? 1)));

    /// <summary>The start-up problem of a <c>HappyCalls:Trunk</c> that names no configured trunk.</summary>
    public static string? Problem(HappyCallOptions happyCalls, SipOptions sip) =>
        !string.IsNullOrWhiteSpace(happyCalls.Trunk) && Find(happyCalls, sip) is null
            ? $"HappyCalls:Trunk: '{happyCalls.Trunk}' is not the name of a trunk in Sip:Trunks ({string.Join(", ", sip.Trunks.Select(t => t.Name))})"
            : null;
}
