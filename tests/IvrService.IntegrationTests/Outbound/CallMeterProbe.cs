using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace IvrService.IntegrationTests.Outbound;

/// <summary>
/// Listens to the product's <c>IvrService.Calls</c> instruments in this process and keeps each measurement's
/// instrument and tags, for asserting what a call counted.
/// </summary>
public sealed class CallMeterProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string?> Tags)> _measurements = new();

    public CallMeterProbe()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "IvrService.Calls")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>How many measurements of <paramref name="instrument"/> carried the tag <paramref name="key"/> = <paramref name="value"/>.</summary>
    public int Count(string instrument, string key, string value) =>
        _measurements.Count(m => m.Instrument == instrument && m.Tags.TryGetValue(key, out var tag) && tag == value);

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, tag) in tags)
        {
            copy[key] = tag?.ToString();
        }

        _measurements.Enqueue((instrument.Name, value, copy));
    }
}
