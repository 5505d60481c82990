using System.Diagnostics.Metrics;
using IvrService.Storage.HappyCalls;

namespace IvrService.HappyCalls.Internal;

/// <summary>
/// Happy-call instruments on the meter <c>IvrService.HappyCalls</c>: attempts by outcome, how late attempts start
/// after their due time, the backlog of pending happy calls due now (refreshed by the sweep) and the result changes
/// deleted by retention.
/// </summary>
internal sealed class HappyCallMetrics : IDisposable
{
    public const string MeterName = "IvrService.HappyCalls";

    private readonly Meter _meter;
    private readonly Counter<long> _attemptsStarted;
    private readonly Counter<long> _attemptsEnded;
    private readonly Histogram<double> _dueLag;
    private readonly Counter<long> _changesPruned;
    private long _backlog;
    private long _active;

    public HappyCallMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _attemptsStarted = _meter.CreateCounter<long>("ivr.happy_calls.attempts.started", "{attempt}", "Attempts claimed and dialled");
        _attemptsEnded = _meter.CreateCounter<long>("ivr.happy_calls.attempts.ended", "{attempt}", "Attempts ended, by outcome");
        _dueLag = _meter.CreateHistogram<double>(
            "ivr.happy_calls.due_lag", "s", "How long after its due time an attempt was claimed",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300] });
        _changesPruned = _meter.CreateCounter<long>(
            "ivr.happy_calls.result_changes.pruned", "{change}", "Changes of the results stream deleted by retention on this instance");
        _meter.CreateObservableGauge("ivr.happy_calls.backlog", () => Interlocked.Read(ref _backlog), "{happy_call}", "Pending happy calls already due");
        _meter.CreateObservableUpDownCounter("ivr.happy_calls.active", () => Interlocked.Read(ref _active), "{call}", "Survey calls under way on this instance");
    }

    public void AttemptStarted(TimeSpan dueLag)
    {
        Interlocked.Increment(ref _active);
        _attemptsStarted.Add(1);
        _dueLag.Record(Math.Max(0, dueLag.TotalSeconds));
    }

    public void AttemptEnded(AttemptOutcome outcome)
    {
        Interlocked.Decrement(ref _active);
        _attemptsEnded.Add(1, new KeyValuePair<string, object?>("outcome", OutcomeName(outcome)));
    }

    public void ChangesPruned(int count) => _changesPruned.Add(count);

    public void SetBacklog(long count) => Interlocked.Exchange(ref _backlog, count);

    public void Dispose() => _meter.Dispose();

    private static string OutcomeName(AttemptOutcome outcome) => outcome switch
    {
        AttemptOutcome.NoAnswer => "no_answer",
        AttemptOutcome.AnsweringMachine => "answering_machine",
        AttemptOutcome.OptedOut => "opted_out",
        AttemptOutcome.DoNotCall => "do_not_call",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}
