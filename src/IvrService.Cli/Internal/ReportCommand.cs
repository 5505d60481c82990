using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using IvrService.Api.V1;

namespace IvrService.Cli.Internal;

/// <summary>
/// <c>ivrctl report inbound</c>: the server's inbound report as a readable table (period figures, then the menu
/// options chosen), as CSV (one row per period and a total row; one column per menu option with its calls) or as
/// JSON (every figure, numbers as numbers).
/// </summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("report", "Reports computed by the server.");
        command.Subcommands.Add(Inbound(output, error));
        command.Subcommands.Add(OutboundReportCommand.Create(output, error));
        command.Subcommands.Add(SatisfactionReportCommand.Create(output, error));
        return command;
    }

    private static Command Inbound(TextWriter output, TextWriter error)
    {
        var scope = new ReportScopeOptions();
        var called = new Option<string?>("--called") { Description = "Only calls to this number." };
        var flow = new Option<string?>("--flow") { Description = "Only calls that ran this menu (flow id)." };
        var menu = new Option<string?>("--menu") { Description = "Only the options of this menu node (e.g. the main menu's id)." };

        var command = new Command("inbound", "Inbound calls per period: offered, answered, abandoned in the menu, transferred, messages, callbacks, average talk time, menu options.");
        scope.AddTo(command);
        command.Options.Add(called);
        command.Options.Add(flow);
        command.Options.Add(menu);

        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var (zoneName, calendarName, periodName) = scope.Names(parsed);
            var request = new InboundReportRequest
            {
                Scope = scope.Scope(parsed),
                Called = parsed.GetValue(called) ?? "",
                FlowId = parsed.GetValue(flow) ?? "",
                MenuNodeId = parsed.GetValue(menu) ?? "",
            };

            var client = new Reports.ReportsClient(server.Channel);
            var report = await client.GetInboundReportAsync(request, server.Call(cancellationToken));
            await scope.WriteAsync(
                output,
                parsed,
                report,
                Csv,
                r => Json(r, periodName, calendarName, zoneName),
                (writer, r, token) => WriteTablesAsync(writer, r, periodName == "week", calendarName, zoneName, token),
                cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task WriteTablesAsync(
        TextWriter output, InboundReport report, bool weeks, string calendarName, string zoneName, CancellationToken cancellationToken)
    {
        var header = new List<string> { "PERIOD" };
        if (weeks)
        {
            header.Add("FROM");
        }

        header.AddRange(["OFFERED", "ANSWERED", "ABANDONED", "TRANSFERRED", "MESSAGES", "CALLBACKS", "AVG TALK"]);
        var figures = new TextTable([.. header]);
        var options = new TextTable("PERIOD", "MENU", "KEY", "OPTION", "CALLS", "CHOICES");
        var multipleFlows = report.Total.MenuOptions.Select(o => o.FlowId).Distinct(StringComparer.Ordinal).Count() > 1;
        foreach (var row in report.Rows.Append(report.Total))
        {
            var cells = new List<string> { row.Period.Label };
            if (weeks)
            {
                cells.Add(row == report.Total ? "" : ReportText.LocalDate(row.Period.StartTime, calendarName, zoneName));
            }

            cells.AddRange([
                Formats.Number(row.Offered),
                Formats.Number(row.Answered),
                Formats.Number(row.AbandonedInIvr),
                Formats.Number(row.Transferred),
                Formats.Number(row.MessagesLeft),
                Formats.Number(row.CallbacksRequested),
                row.Answered == 0 ? "-" : Formats.Duration(row.AverageDuration),
            ]);
            figures.Add([.. cells]);
            foreach (var option in row.MenuOptions)
            {
                options.Add(
                    row.Period.Label,
                    multipleFlows ? $"{option.FlowId}/{option.MenuNodeId}" : option.MenuNodeId,
                    option.Key,
                    option.NodeId,
                    Formats.Number(option.Calls),
                    Formats.Number(option.Choices));
            }
        }

        await figures.WriteAsync(output, cancellationToken);
        await output.WriteLineAsync();
        if (options.Count == 0)
        {
            await output.WriteLineAsync("menu options: none chosen".AsMemory(), cancellationToken);
        }
        else
        {
            await options.WriteAsync(output, cancellationToken);
        }
    }

    private static string Csv(InboundReport report)
    {
        // One column per menu option chosen in the range (the total's options, in its order): the calls that chose it.
        var columns = report.Total.MenuOptions.Select(o => (o.FlowId, o.MenuNodeId, o.Key)).Distinct().ToList();
        var text = new StringBuilder();
        var header = new List<string>
        {
            "period", "start", "end", "offered", "answered", "abandoned_in_ivr", "transferred", "messages_left",
            "callbacks_requested", "average_duration_seconds",
        };
        header.AddRange(columns.Select(c => $"{c.FlowId}/{c.MenuNodeId}/{c.Key}"));
        ReportText.AppendCsvLine(text, header);
        foreach (var row in report.Rows.Append(report.Total))
        {
            var cells = new List<string>
            {
                row.Period.Label,
                ReportText.Iso(row.Period.StartTime),
                ReportText.Iso(row.Period.EndTime),
                Formats.Number(row.Offered),
                Formats.Number(row.Answered),
                Formats.Number(row.AbandonedInIvr),
                Formats.Number(row.Transferred),
                Formats.Number(row.MessagesLeft),
                Formats.Number(row.CallbacksRequested),
                Seconds(row.AverageDuration),
            };
            foreach (var column in columns)
            {
                cells.Add(Formats.Number(row.MenuOptions
                    .Where(o => o.FlowId == column.FlowId && o.MenuNodeId == column.MenuNodeId && o.Key == column.Key)
                    .Sum(o => o.Calls)));
            }

            ReportText.AppendCsvLine(text, cells);
        }

        return text.ToString();
    }

    private static string Json(InboundReport report, string periodName, string calendarName, string zoneName) => ReportText.Json(json =>
    {
        json.WriteStartObject();
        json.WriteString("period", periodName);
        json.WriteString("calendar", calendarName);
        json.WriteString("timeZone", zoneName);
        json.WriteStartArray("rows");
        foreach (var row in report.Rows)
        {
            WriteRow(json, row);
        }

        json.WriteEndArray();
        json.WritePropertyName("total");
        WriteRow(json, report.Total);
        json.WriteEndObject();
    });

    private static void WriteRow(Utf8JsonWriter json, InboundReportRow row)
    {
        json.WriteStartObject();
        json.WriteString("label", row.Period.Label);
        json.WriteString("start", ReportText.Iso(row.Period.StartTime));
        json.WriteString("end", ReportText.Iso(row.Period.EndTime));
        json.WriteNumber("offered", row.Offered);
        json.WriteNumber("answered", row.Answered);
        json.WriteNumber("abandonedInIvr", row.AbandonedInIvr);
        json.WriteNumber("transferred", row.Transferred);
        json.WriteNumber("messagesLeft", row.MessagesLeft);
        json.WriteNumber("callbacksRequested", row.CallbacksRequested);
        json.WriteNumber("averageDurationSeconds", row.AverageDuration?.ToTimeSpan().TotalSeconds ?? 0);
        json.WriteStartArray("menuOptions");
        foreach (var option in row.MenuOptions)
        {
            json.WriteStartObject();
            json.WriteString("flowId", option.FlowId);
            json.WriteString("menuNodeId", option.MenuNodeId);
            json.WriteString("key", option.Key);
            json.WriteString("nodeId", option.NodeId);
            json.WriteNumber("calls", option.Calls);
            json.WriteNumber("choices", option.Choices);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Seconds(Duration? duration) =>
        (duration?.ToTimeSpan().TotalSeconds ?? 0).ToString("0.###", CultureInfo.InvariantCulture);
}
