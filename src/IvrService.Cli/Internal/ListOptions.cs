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
internal sealed class ListOptions<TRow>
    where TRow : IMessage
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 1_000_000;
    private const int MaxPageSize = 1000;

    private readonly string[] _header;
    private readonly Func<TRow, string[]> _cells;
    private readonly Func<TRow, string[]> _csvCells;

    /// <param name="timed">What the time range bounds, after "Only": <c>results last updated</c>.</param>
    /// <param name="plural">What is listed: <c>results</c>.</param>
    /// <param name="singular">One of them: <c>result</c>.</param>
    /// <param name="header">The header of the table and of the CSV.</param>
    /// <param name="cells">A row's cells in the table.</param>
    /// <param name="csvCells">A row's cells in the CSV (exact times, nothing abridged).</param>
    public ListOptions(string timed, string plural, string singular, string[] header, Func<TRow, string[]> cells, Func<TRow, string[]> csvCells)
    {
        _header = header;
        _cells = cells;
        _csvCells = csvCells;
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
    /// Reads the pages of a list method — <paramref name="request"/> sent with <paramref name="readPage"/>, its
    /// <c>page_size</c> and <c>page_token</c> set from page to page as the contract's list methods all name them — until
    /// there is no <c>next_page_token</c> or <c>--limit</c> rows are read (every row with <c>--all</c>); then writes the
    /// rows in the <c>--format</c> given: a table, CSV with a header row, or a JSON array in the protobuf JSON mapping.
    /// </summary>
    /// <returns><see cref="ExitCodes.Ok"/>.</returns>
    /// <exception cref="UsageException"><c>--limit</c> is out of range, or given with <c>--all</c>.</exception>
    public async Task<int> PrintAsync<TRequest, TResponse>(
        TextWriter output, ParseResult parsed, TRequest request, Func<TRequest, Task<TResponse>> readPage, Func<TResponse, IEnumerable<TRow>> rowsOf,
        CancellationToken cancellationToken)
        where TRequest : IMessage
        where TResponse : IMessage
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(readPage);
        ArgumentNullException.ThrowIfNull(rowsOf);
        if (parsed.GetValue(All) && parsed.GetValue(Limit) is not null)
        {
            throw new UsageException("--all and --limit: give one of them");
        }

        var most = parsed.GetValue(All) ? int.MaxValue : parsed.GetValue(Limit) ?? DefaultLimit;
        if (most is < 1 or > MaxLimit && !parsed.GetValue(All))
        {
            throw new UsageException($"--limit: must be 1 to {MaxLimit}; was {most}");
        }

        var pageSize = request.Descriptor.FindFieldByName("page_size").Accessor;
        var pageToken = request.Descriptor.FindFieldByName("page_token").Accessor;
        var rows = new List<TRow>();
        string next;
        do
        {
            pageSize.SetValue(request, (int)Math.Min(MaxPageSize, (long)most - rows.Count));
            var page = await readPage(request);
            rows.AddRange(rowsOf(page));
            next = (string)page.Descriptor.FindFieldByName("next_page_token").Accessor.GetValue(page);
            pageToken.SetValue(request, next);
        }
        while (next.Length > 0 && rows.Count < most);

        await WriteAsync(output, parsed, rows, cancellationToken);
        return ExitCodes.Ok;
    }

    private async Task WriteAsync(TextWriter output, ParseResult parsed, List<TRow> rows, CancellationToken cancellationToken)
    {
        switch (parsed.GetValue(Format))
        {
            case "csv":
                var csv = new StringBuilder();
                ReportText.AppendCsvLine(csv, _header);
                foreach (var row in rows)
                {
                    ReportText.AppendCsvLine(csv, _csvCells(row));
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
                var table = new TextTable(_header);
                foreach (var row in rows)
                {
                    table.Add(_cells(row));
                }

                await table.WriteAsync(output, cancellationToken);
                break;
        }
    }
}
