namespace IvrService.Speech.Internal;

/// <summary>
/// Cuts the silence text-to-speech puts before and after speech (espeak-ng adds ~150 ms at each end), keeping a
/// short margin. Prompts such as numbers are joined from one-word fragments, so untrimmed edges would make
/// "1,250,000" take twice as long as spoken.
/// </summary>
internal static class SilenceTrimmer
{
    /// <summary>Changes whenever the trimming does, so cached renders made otherwise are not reused.</summary>
    public const string Version = "trim-1";

    private const int WindowSamples = 80;
    private const int LeadingMarginSamples = 160;
    private const int TrailingMarginSamples = 480;

    /// <summary>A window is speech when its mean absolute level exceeds this (about −50 dBFS).</summary>
    private const int SpeechLevel = 100;

    public static ReadOnlyMemory<short> Trim(ReadOnlyMemory<short> samples)
    {
        var span = samples.Span;
        var windows = span.Length / WindowSamples;
        var first = -1;
        var last = -1;
        for (var w = 0; w < windows; w++)
        {
            if (IsSpeech(span.Slice(w * WindowSamples, WindowSamples)))
            {
                if (first < 0)
                {
                    first = w;
                }

                last = w;
            }
        }

        if (first < 0)
        {
            return samples;
        }

        var start = Math.Max(0, (first * WindowSamples) - LeadingMarginSamples);
        var end = Math.Min(span.Length, ((last + 1) * WindowSamples) + TrailingMarginSamples);
        return samples[start..end];
    }

    private static bool IsSpeech(ReadOnlySpan<short> window)
    {
        long sum = 0;
        foreach (var sample in window)
        {
            sum += Math.Abs((int)sample);
        }

        return sum / window.Length > SpeechLevel;
    }
}
