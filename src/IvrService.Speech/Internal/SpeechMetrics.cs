using System.Diagnostics.Metrics;

namespace IvrService.Speech.Internal;

/// <summary>The prompt library's instruments on the meter <c>IvrService.Speech</c>: renders by provider and outcome, and their time.</summary>
internal static class SpeechMetrics
{
    public const string MeterName = "IvrService.Speech";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Rendered = Meter.CreateCounter<long>(
        "ivr.prompts.rendered", "{prompt}", "Prompts rendered by text-to-speech (a cache miss), by provider and result");

    private static readonly Histogram<double> RenderTime = Meter.CreateHistogram<double>(
        "ivr.prompts.render_time", "ms", "Time to render one prompt and write it to the cache");

    public static void Render(string provider, bool succeeded, TimeSpan elapsed)
    {
        var providerTag = new KeyValuePair<string, object?>("provider", provider);
        Rendered.Add(1, providerTag, new KeyValuePair<string, object?>("result", succeeded ? "ok" : "failed"));
        if (succeeded)
        {
            RenderTime.Record(elapsed.TotalMilliseconds, providerTag);
        }
    }
}
