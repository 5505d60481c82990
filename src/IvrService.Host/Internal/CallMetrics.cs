using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using IvrService.Flows;
using IvrService.Media.Dtmf;
using IvrService.Storage;

namespace IvrService.Host.Internal;

/// <summary>
/// The calls' instruments on the meter <c>IvrService.Calls</c>: active calls, calls started and ended (by direction
/// and end reason), call setup time (inbound: INVITE to our 200 OK; outbound: our INVITE to the far end's 200 OK),
/// outbound dial outcomes, keys by how they arrived, and how the menus ended. Counted once or a few times per call,
/// never per packet.
/// </summary>
internal sealed class CallMetrics
{
    public const string MeterName = "IvrService.Calls";

    private static readonly KeyValuePair<string, object?> Inbound = new("direction", "inbound");
    private static readonly KeyValuePair<string, object?> Outbound = new("direction", "outbound");
    private static readonly ConcurrentDictionary<Enum, string> TagValues = new();

    private readonly Meter _meter;
    private readonly Counter<long> _started;
    private readonly Counter<long> _ended;
    private readonly Histogram<double> _setupTime;
    private readonly Counter<long> _digits;
    private readonly Counter<long> _flows;
    private readonly Counter<long> _dialed;

    public CallMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _started = _meter.CreateCounter<long>("ivr.calls.started", "{call}", "Calls offered to this instance (INVITEs that started a call)");
        _ended = _meter.CreateCounter<long>("ivr.calls.ended", "{call}", "Calls ended, by end reason (caller_hangup, ivr_hangup, rejected, shutdown, ...)");
        _setupTime = _meter.CreateHistogram<double>(
            "ivr.calls.setup_time", "ms", "Time from the INVITE to the 200 OK of answered calls (ours inbound, the far end's outbound)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] });
        _digits = _meter.CreateCounter<long>("ivr.dtmf.digits", "{digit}", "Keys pressed by callers, by method (rfc4733, sip_info, in_band)");
        _flows = _meter.CreateCounter<long>("ivr.flows.ended", "{flow}", "Menus run to their end on a call, by flow and result");
        _dialed = _meter.CreateCounter<long>(
            "ivr.calls.outbound.dialed", "{call}", "Outbound calls placed, by outcome (answered, busy, no_answer, declined, failed, answering_machine)");
    }

    /// <summary>Publishes the number of calls in progress, read when a reader collects.</summary>
    public void ObserveActiveCalls(Func<int> activeCalls) =>
        _meter.CreateObservableGauge("ivr.calls.active", activeCalls, "{call}", "Calls in progress on this instance");

    public void CallStarted(CallDirection direction) => _started.Add(1, Direction(direction));

    public void CallAnswered(CallDirection direction, TimeSpan setupTime) => _setupTime.Record(setupTime.TotalMilliseconds, Direction(direction));

    public void CallEnded(CallDirection direction, CallEndReason reason) =>
        _ended.Add(1, Direction(direction), new KeyValuePair<string, object?>("reason", TagValue(reason)));

    /// <summary>How an outbound call's setup ended: answered (<paramref name="failure"/> null) or why not.</summary>
    public void OutboundDialed(Enum? failure) => _dialed.Add(1, new KeyValuePair<string, object?>("outcome", failure is null ? "answered" : TagValue(failure)));

    public void DigitReceived(DtmfMethod method) => _digits.Add(1, new KeyValuePair<string, object?>("method", TagValue(method)));

    public void FlowEnded(string flowId, FlowResult result) =>
        _flows.Add(1, new KeyValuePair<string, object?>("flow", flowId), new KeyValuePair<string, object?>("result", TagValue(result)));

    private static KeyValuePair<string, object?> Direction(CallDirection direction) => direction == CallDirection.Outbound ? Outbound : Inbound;

    /// <summary>An enum value as a tag value in snake case (CallerHangup → caller_hangup), made once per value.</summary>
    private static string TagValue(Enum value) => TagValues.GetOrAdd(value, static v =>
    {
        var name = v.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && !char.IsDigit(name[i - 1]))
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    });
}
