using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace IvrService.Host.Calls;

/// <summary>
/// The calls in progress on this instance, both directions, by SIP Call-ID: in-dialog requests (BYE, INFO,
/// NOTIFY, re-INVITE) find their call here, the shutdown ends them all, and the active-calls gauge counts them.
/// </summary>
internal sealed class CallRegistry
{
    private readonly ConcurrentDictionary<string, SipCall> _calls = new(StringComparer.Ordinal);

    public int Count => _calls.Count;

    public IEnumerable<SipCall> Calls => _calls.Values;

    /// <summary>False when a call with this Call-ID is already in progress.</summary>
    public bool TryAdd(SipCall call) => _calls.TryAdd(call.CallId, call);

    public bool TryGet(string callId, [NotNullWhen(true)] out SipCall? call) => _calls.TryGetValue(callId, out call);

    /// <summary>Forgets the call (only this one, not a later call that reused its Call-ID).</summary>
    public void Remove(SipCall call) => _calls.TryRemove(new KeyValuePair<string, SipCall>(call.CallId, call));
}
