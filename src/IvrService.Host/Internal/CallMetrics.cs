using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using IvrService.Flows;
using IvrService.Media.Dtmf;
using IvrService.Storage;

namespace IvrService.Host.Internal;

/// <summary>
/// The calls' instruments on the meter <c>IvrService.Calls</c>: active calls, calls started and ended (by end
/// reason), call setup time from INVITE to our 200 OK, keys by how they arrived, and how the menus ended.
/// Counted once or a few times per call, never per packet.
/// </summary>
internal sealed class CallMetrics
{
    public const string MeterName = "IvrService.Calls";

    private static readonly KeyValuePair<string, object?> Inbound = new("direction", "inbound");
    private static readonly ConcurrentDictionary<Enum, string> TagValues = new();

    private readonly Meter _meter;
    private readonly Counter<long> _started;
    private readonly Counter<long> _ended;
    private readonly Histogram<double> _setupTime;
    private readonly Counter<long> _digits;
    private readonly Counter<long> _flows;

    public CallMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _started = _meter.CreateCounter<long>("ivr.calls.started", "{call}", "Calls offered to this instance (INVITEs that started a call)");
        _ended = _meter.CreateCounter<long>("ivr.calls.ended", "{call}", "Calls ended, by end reason (caller_hangup, ivr_hangup, rejected, shutdown, ...)");
        _setupTime = _meter.CreateHistogram<double>(
            "ivr.calls.setup_time", "ms", "Time from the INVITE to our 200 OK of answered calls",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] });
        _digits = _meter.CreateCounter<long>("ivr.dtmf.digits", "{digit}", "Keys pressed by callers, by method (rfc4733, sip_info, in_band)");
        _flows = _meter.CreateCounter<long>("ivr.flows.ended", "{flow}", "Menus run to their end on a call, by flow and result");
    }

    /// <summary>Publishes the number of calls in progress, read when a reader collects.</summary>
    public void ObserveActiveCalls(Func<int> activeCalls) =>
        _meter.CreateObservableGauge("ivr.calls.active", activeCalls, "{call}", "Calls in progress on this instance");

    public void CallStarted() => _started.Add(1, Inbound);

    public void CallAnswered(TimeSpan setupTime) => _setupTime.Record(setupTime.TotalMilliseconds, Inbound);

    public void CallEnded(CallEndReason reason) => _ended.Add(1, Inbound, new KeyValuePair<string, object?>("reason", TagValue(reason)));

    public void DigitReceived(DtmfMethod method) => _digits.Add(1, new KeyValuePair<string, object?>("method", TagValue(method)));

    public void FlowEnded(string flowId, FlowResult result) =>
        _flows.Add(1, new KeyValuePair<string, object?>("flow", flowId), new KeyValuePair<string, object?>("result", TagValue(result)));

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
