using System.Globalization;

namespace IvrService.IntegrationTests.Operations;

/// <summary>Reads samples out of a Prometheus text exposition (what <c>/metrics</c> returns).</summary>
internal sealed class PrometheusText
{
    private readonly string[] _lines;

    public PrometheusText(string text)
    {
        Text = text;
        _lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public string Text { get; }

    /// <summary>True when a sample of this name (with every label given) is exposed.</summary>
    public bool Has(string name, params string[] labels) => Samples(name, labels).Any();

    /// <summary>The sum of the samples of this name that carry every label given (<c>key="value"</c>).</summary>
    public double Sum(string name, params string[] labels) => Samples(name, labels).Sum();

    private IEnumerable<double> Samples(string name, string[] labels)
    {
        foreach (var line in _lines)
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length
                || line[name.Length] is not ('{' or ' '))
            {
                continue;
            }

            var labelEnd = line[name.Length] == '{' ? line.IndexOf('}', StringComparison.Ordinal) : name.Length - 1;
            var labelText = line[name.Length] == '{' ? line[(name.Length + 1)..labelEnd] : "";
            if (!labels.All(l => labelText.Split(',').Contains(l, StringComparer.Ordinal)))
            {
                continue;
            }

            var value = line[(labelEnd + 1)..].Trim().Split(' ')[0];
            yield return double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
    }
}
