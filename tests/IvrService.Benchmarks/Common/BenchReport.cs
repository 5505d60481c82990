using System.Text;

namespace IvrService.Benchmarks.Common;

/// <summary>A benchmark's report: lines printed as they come and kept for the report file; figure rows against targets.</summary>
internal sealed class BenchReport
{
    private readonly StringBuilder _text = new();

    public void Line(string line)
    {
        Console.WriteLine(line);
        _text.Append(line).Append('\n');
    }

    public void Row(string figure, string measured, string target, bool? met) =>
        Line($"{figure,-34} {measured,-26} {target}{(met is null ? "" : met.Value ? "  ok" : "  MISSED")}");

    public override string ToString() => _text.ToString();
}
