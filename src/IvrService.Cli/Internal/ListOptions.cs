using System.CommandLine;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using IvrService.Api.V1;

namespace IvrService.Cli.Internal;

/// <summary>
/// The options the paged list commands share — <c>--from</c>/<c>--to</c> (ISO 8601 times), <c>--format
/// table|csv|json</c>, <c>--limit n</c> or <c>--all</c> — with reading the pages they ask for and writing the rows in the
/// format given: a readable table, CSV with a header row, or a JSON array in the protobuf JSON mapping.
/// </summary>
internal sealed class ListOptions
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 1_000_000;
    private const int MaxPageSize = 1000;

    /// <param name="timed">What the time range bounds, after "Only": <c>results last updated</c>.</param>
    /// <param name="plural">What is listed: <c>results</c>.</param>
    /// <param name="singular">One of them: <c>result</c>.</param>
    public ListOptions(string timed, string plural, string singular)
    {
        From = new Option<string?>("--from") { Description = $"Only {timed} at or after this time (ISO 8601; UTC without offset)." };
        To = new Option<string?>("--to") { Description = $"Only {timed} before this time." };
        Format = new Option<string>("--format") { Description = "table (readable), csv or json (for scripts).", DefaultValueFactory = _ => "table" };
        Format.AcceptOnlyFromAmong("table", "csv", "json");
        Limit = new Option<int?>("--limit") { Description = $"Most {plural} to list (default {DefaultLimit})." };
        All = new Option<bool>("--all") { Description = $"List every matching {singular}, page after page." };
    }

    public Option<string?> From { get; }

    public Option<string?> To { get; }

    public Option<string> Format { get; }

    public Option<int?> Limit { get; }

    public Option<bool> All { get; }

    public void AddTo(Command command)
    {
        foreach (var option in new System.CommandLine.Option[] { From, To, Format, Limit, All })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The time range of <c>--from</c> and <c>--to</c>; null when neither is given.</summary>
    /// <exception cref="UsageException">A time cannot be read.</exception>
    public TimeRange? Range(ParseResult parsed)
    {
        var start = Formats.ParseTime(parsed.GetValue(From), "--from");
        var end = Formats.ParseTime(parsed.GetValue(To), "--to");
        if (start is null && end is null)
        {
            return null;
        }

        var range = new TimeRange();
        if (start is { } s)
        {
            range.StartTime = Timestamp.FromDateTimeOffset(s);
        }

        if (end is { } e)
        {
            range.EndTime = Timestamp.FromDateTimeOffset(e);
        }

        return range;
    }

    /// <summary>
    /// Reads pages with <paramref name="readPage"/> (given the page size and token) until there is no next page or
    /// <c>--limit</c> rows (every row with <c>--all</c>) are read.
    /// </summary>
    /// <exception cref="UsageException"><c>--limit</c> is out of range, or given with <c>--all</c>.</exception>
    public async Task<List<T>> ReadAsync<T>(ParseResult parsed, Func<int, string, Task<(IEnumerable<T> Rows, string NextPageToken)>> readPage)
    {
        ArgumentNullException.ThrowIfNull(readPage);
        if (parsed.GetValue(All) && parsed.GetValue(Limit) is not null)
        {
            throw new UsageException("--all and --limit: give one of them");
        }

        var most = parsed.GetValue(All) ? int.MaxValue : parsed.GetValue(Limit) ?? DefaultLimit;
        if (most is < 1 or > MaxLimit && !parsed.GetValue(All))
        {
            throw new UsageException($"--limit: must be 1 to {MaxLimit}; was {most}");
        }

        var rows = new List<T>();
        var token = "";
        do
        {
            var (page, next) = await readPage((int)Math.Min(MaxPageSize, (long)most - rows.Count), token);
            rows.AddRange(page);
            token = next;
        }
        while (token.Length > 0 && rows.Count < most);

        return rows;
    }

    /// <summary>
    /// Writes <paramref name="rows"/> in the <c>--format</c> given: a table of <paramref name="cells"/> under
    /// <paramref name="header"/>, CSV of <paramref name="csvCells"/> under the same header, or a JSON array.
    /// </summary>
    public async Task WriteAsync<T>(
        TextWriter output,
        ParseResult parsed,
        string[] header,
        IReadOnlyList<T> rows,
        Func<T, string[]> cells,
        Func<T, string[]> csvCells,
        CancellationToken cancellationToken)
        where T : IMessage
    {
        switch (parsed.GetValue(Format))
        {
            case "csv":
                var csv = new StringBuilder();
                ReportText.AppendCsvLine(csv, header);
                foreach (var row in rows)
                {
                    ReportText.AppendCsvLine(csv, csvCells(row));
                }

                await output.WriteAsync(csv.ToString().AsMemory(), cancellationToken);
                break;
            case "json":
                var json = new StringBuilder("[");
                for (var i = 0; i < rows.Count; i++)
                {
                    json.Append(i == 0 ? "\n  " : ",\n  ").Append(JsonFormatter.Default.Format(rows[i]));
                }

                await output.WriteAsync(json.Append(rows.Count == 0 ? "]\n" : "\n]\n").ToString().AsMemory(), cancellationToken);
                break;
            default:
                var table = new TextTable(header);
                foreach (var row in rows)
                {
                    table.Add(cells(row));
                }

                await table.WriteAsync(output, cancellationToken);
                break;
        }
    }
}
