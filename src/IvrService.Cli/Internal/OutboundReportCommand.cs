using System.CommandLine;
using System.Text;
using IvrService.Api.V1;

namespace IvrService.Cli.Internal;

/// <summary>
/// <c>ivrctl report outbound</c>: happy-call attempts per period (and technician or service type) as readable tables
/// (figures, attempt outcomes, where the happy calls stand now), as CSV (a column per outcome and per result) or as
/// JSON (numbers as numbers).
/// </summary>
internal static class OutboundReportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var scope = new ReportScopeOptions();
        var groups = new ReportGroupOptions();
        var command = new Command(
            "outbound",
            "Happy calls per period: happy calls attempted, attempts, reached (a person answered), reach rate, attempt outcomes and where the happy calls stand.");
        scope.AddTo(command);
        groups.AddTo(command);
        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var (zoneName, calendarName, periodName) = scope.Names(parsed);
            var groupName = parsed.GetValue(groups.GroupBy)!;
            var request = new OutboundReportRequest
            {
                Scope = scope.Scope(parsed),
                GroupBy = ReportGroupOptions.Grouping(groupName),
                TechnicianId = parsed.GetValue(groups.Technician) ?? "",
                ServiceType = parsed.GetValue(groups.ServiceType) ?? "",
            };
            var report = await new Reports.ReportsClient(server.Channel).GetOutboundReportAsync(request, server.Call(cancellationToken));
            await scope.WriteAsync(
                output,
                parsed,
                report,
                Csv,
                r => Json(r, periodName, calendarName, zoneName, groupName),
                (writer, r, token) => WriteTablesAsync(writer, r, periodName == "week", request.GroupBy, calendarName, zoneName, token),
                cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static List<string> OutcomeNames(OutboundReport report) =>
        [.. report.Totals.SelectMany(t => t.Outcomes).Select(o => o.Outcome).Distinct().Order(StringComparer.Ordinal)];

    private static List<string> ResultNames(OutboundReport report) =>
        [.. report.Totals.SelectMany(t => t.Results).Select(r => r.Result).Distinct().Order(StringComparer.Ordinal)];

    private static long Attempts(OutboundReportRow row, string outcome) => row.Outcomes.Where(o => o.Outcome == outcome).Sum(o => o.Attempts);

    private static long HappyCalls(OutboundReportRow row, string result) => row.Results.Where(r => r.Result == result).Sum(r => r.HappyCalls);

    private static async Task WriteTablesAsync(
        TextWriter output, OutboundReport report, bool weeks, ReportGrouping grouping, string calendarName, string zoneName, CancellationToken cancellationToken)
    {
        var outcomes = OutcomeNames(report);
        var results = ResultNames(report);
        var figures = new TextTable([.. ReportGroupOptions.Header(weeks, grouping, withName: true), "HAPPY CALLS", "ATTEMPTS", "REACHED", "REACH RATE"]);
        var mix = new TextTable([.. ReportGroupOptions.Header(weeks, grouping, withName: false), .. outcomes.Select(ReportGroupOptions.Heading)]);
        var standing = new TextTable([.. ReportGroupOptions.Header(weeks, grouping, withName: false), .. results.Select(ReportGroupOptions.Heading)]);
        foreach (var row in report.Rows.Concat(report.Totals))
        {
            figures.Add([
                .. ReportGroupOptions.Cells(row.Period, row.Group, weeks, grouping, withName: true, calendarName, zoneName),
                Formats.Number(row.HappyCalls), Formats.Number(row.Attempts), Formats.Number(row.Reached),
                row.HappyCalls == 0 ? "-" : ReportText.Percent(row.ReachRate),
            ]);
            if (row.Attempts > 0)
            {
                var leading = ReportGroupOptions.Cells(row.Period, row.Group, weeks, grouping, withName: false, calendarName, zoneName);
                mix.Add([.. leading, .. outcomes.Select(o => Formats.Number(Attempts(row, o)))]);
                standing.Add([.. leading, .. results.Select(r => Formats.Number(HappyCalls(row, r)))]);
            }
        }

        await figures.WriteAsync(output, cancellationToken);
        await output.WriteLineAsync();
        if (outcomes.Count == 0)
        {
            await output.WriteLineAsync("attempt outcomes: no attempts".AsMemory(), cancellationToken);
            return;
        }

        await output.WriteLineAsync("attempt outcomes:".AsMemory(), cancellationToken);
        await mix.WriteAsync(output, cancellationToken);
        await output.WriteLineAsync();
        await output.WriteLineAsync("happy calls now:".AsMemory(), cancellationToken);
        await standing.WriteAsync(output, cancellationToken);
    }

    private static string Csv(OutboundReport report)
    {
        var outcomes = OutcomeNames(report);
        var results = ResultNames(report);
        var text = new StringBuilder();
        ReportText.AppendCsvLine(text, [
            "period", "start", "end", "group", "group_name", "happy_calls", "attempts", "reached", "reach_rate",
            .. outcomes.Select(o => "outcome." + o), .. results.Select(r => "result." + r),
        ]);
        foreach (var row in report.Rows.Concat(report.Totals))
        {
            ReportText.AppendCsvLine(text, [
                .. ReportGroupOptions.CsvCells(row.Period, row.Group),
                Formats.Number(row.HappyCalls), Formats.Number(row.Attempts), Formats.Number(row.Reached), ReportText.Decimal(row.ReachRate, 4),
                .. outcomes.Select(o => Formats.Number(Attempts(row, o))), .. results.Select(r => Formats.Number(HappyCalls(row, r))),
            ]);
        }

        return text.ToString();
    }

    private static string Json(OutboundReport report, string periodName, string calendarName, string zoneName, string groupName) =>
        ReportGroupOptions.Json((periodName, calendarName, zoneName, groupName), report.Rows, report.Totals, row => (row.Period, row.Group), (json, row) =>
        {
            json.WriteNumber("happyCalls", row.HappyCalls);
            json.WriteNumber("attempts", row.Attempts);
            json.WriteNumber("reached", row.Reached);
            json.WriteNumber("reachRate", row.ReachRate);
            json.WriteStartObject("outcomes");
            foreach (var outcome in row.Outcomes)
            {
                json.WriteNumber(outcome.Outcome, outcome.Attempts);
            }

            json.WriteEndObject();
            json.WriteStartObject("results");
            foreach (var result in row.Results)
            {
                json.WriteNumber(result.Result, result.HappyCalls);
            }

            json.WriteEndObject();
        });
}
