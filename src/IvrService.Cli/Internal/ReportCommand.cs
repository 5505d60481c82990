using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using IvrService.Api.V1;
using IvrService.Flows.Calendar;
using ApiCalendarSystem = IvrService.Api.V1.CalendarSystem;

namespace IvrService.Cli.Internal;

/// <summary>
/// <c>ivrctl report inbound</c>: the server's inbound report as a readable table (period figures, then the menu
/// options chosen), as CSV (one row per period and a total row; one column per menu option with its calls) or as
/// JSON (every figure, numbers as numbers).
/// </summary>
internal static class ReportCommand
{
    private const int GregorianFromYear = 1700;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("report", "Reports computed by the server.");
        command.Subcommands.Add(Inbound(output, error));
        return command;
    }

    private static Command Inbound(TextWriter output, TextWriter error)
    {
        var from = new Option<string>("--from")
        {
            Description = "Start: a date of --calendar (1405-02-01, or 2026-04-21 with --calendar gregorian) meaning that day's start in --zone, or an ISO 8601 time (UTC without offset).",
            Required = true,
        };
        var to = new Option<string>("--to")
        {
            Description = "End: a date of --calendar, included whole, or an ISO 8601 time, excluded.",
            Required = true,
        };
        var period = new Option<string>("--period") { Description = "Rows per day, week or month; total: one row.", DefaultValueFactory = _ => "day" };
        period.AcceptOnlyFromAmong("day", "week", "month", "total");
        var calendar = new Option<string>("--calendar")
        {
            Description = "Calendar of the periods and of dates given: jalali (weeks from Saturday) or gregorian (ISO weeks from Monday).",
            DefaultValueFactory = _ => "jalali",
        };
        calendar.AcceptOnlyFromAmong("jalali", "gregorian");
        var zone = new Option<string>("--zone") { Description = "IANA time zone in which days start.", DefaultValueFactory = _ => "Asia/Tehran" };
        var format = new Option<string>("--format") { Description = "table (readable), csv or json (for scripts).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var called = new Option<string?>("--called") { Description = "Only calls to this number." };
        var flow = new Option<string?>("--flow") { Description = "Only calls that ran this menu (flow id)." };
        var menu = new Option<string?>("--menu") { Description = "Only the options of this menu node (e.g. the main menu's id)." };

        var command = new Command("inbound", "Inbound calls per period: offered, answered, abandoned in the menu, transferred, messages, callbacks, average talk time, menu options.");
        foreach (var option in new System.CommandLine.Option[] { from, to, period, calendar, zone, format, called, flow, menu })
        {
            command.Options.Add(option);
        }

        RemoteCommand.SetAction(command, ServerConnection.Options(), error, async (parsed, server, cancellationToken) =>
        {
            var zoneName = parsed.GetValue(zone)!;
            var calendarName = parsed.GetValue(calendar)!;
            var periodName = parsed.GetValue(period)!;
            var request = new InboundReportRequest
            {
                Scope = new ReportScope
                {
                    Range = new TimeRange
                    {
                        StartTime = Timestamp.FromDateTimeOffset(ParseBound(parsed.GetValue(from)!, "--from", calendarName, zoneName, end: false)),
                        EndTime = Timestamp.FromDateTimeOffset(ParseBound(parsed.GetValue(to)!, "--to", calendarName, zoneName, end: true)),
                    },
                    Period = periodName switch
                    {
                        "week" => ReportPeriod.Week,
                        "month" => ReportPeriod.Month,
                        "total" => ReportPeriod.Unspecified,
                        _ => ReportPeriod.Day,
                    },
                    Calendar = calendarName == "gregorian" ? ApiCalendarSystem.Gregorian : ApiCalendarSystem.Jalali,
                    TimeZone = zoneName,
                },
                Called = parsed.GetValue(called) ?? "",
                FlowId = parsed.GetValue(flow) ?? "",
                MenuNodeId = parsed.GetValue(menu) ?? "",
            };

            var client = new Reports.ReportsClient(server.Channel);
            var report = await client.GetInboundReportAsync(request, server.Call(cancellationToken));
            switch (parsed.GetValue(format))
            {
                case "csv":
                    await output.WriteAsync(Csv(report).AsMemory(), cancellationToken);
                    break;
                case "json":
                    await output.WriteAsync(Json(report, periodName, calendarName, zoneName).AsMemory(), cancellationToken);
                    break;
                default:
                    await WriteTablesAsync(output, report, periodName == "week", calendarName, zoneName, cancellationToken);
                    break;
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// A bound given on the command line: a date alone is a day of <paramref name="calendarName"/> in the zone (its
    /// start; for the end, the start of the next day); anything else an ISO 8601 time.
    /// </summary>
    internal static DateTimeOffset ParseBound(string text, string option, string calendarName, string zoneName, bool end)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 10 || trimmed.Contains('T', StringComparison.OrdinalIgnoreCase) || trimmed.Contains(':', StringComparison.Ordinal))
        {
            return Formats.ParseTime(trimmed, option)!.Value;
        }

        // Years from 1700 on are Gregorian in practice and years before it Jalali: a date in the other calendar is
        // refused rather than read centuries away.
        DateOnly day;
        if (calendarName == "gregorian")
        {
            if (!DateOnly.TryParseExact(trimmed.Replace('/', '-'), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            {
                throw new UsageException($"{option}: '{text}' is not a Gregorian date such as 2026-04-21 or an ISO 8601 time");
            }

            if (day.Year < GregorianFromYear)
            {
                throw new UsageException($"{option}: '{text}' looks like a Jalali date; drop --calendar gregorian to give Jalali dates");
            }
        }
        else if (JalaliDate.TryParse(trimmed, out var jalali, out var problem))
        {
            if (jalali.Year >= GregorianFromYear)
            {
                throw new UsageException($"{option}: '{text}' looks like a Gregorian date; give --calendar gregorian, or a Jalali date such as 1405-02-01");
            }

            day = jalali.ToGregorian();
        }
        else
        {
            throw new UsageException($"{option}: {problem} (give a Jalali date such as 1405-02-01, use --calendar gregorian for Gregorian dates, or an ISO 8601 time)");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out var zone))
        {
            throw new UsageException($"--zone: '{zoneName}' is not a time zone known here; give an IANA name such as Asia/Tehran, or give times rather than dates");
        }

        return DayStart(end ? day.AddDays(1) : day, zone);
    }

    /// <summary>The first instant of the local day (after the clock change where midnight is skipped; the first of a repeated midnight).</summary>
    private static DateTimeOffset DayStart(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
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
                cells.Add(row == report.Total ? "" : LocalDate(row.Period.StartTime, calendarName, zoneName));
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

    /// <summary>The local date of <paramref name="at"/> in the report's zone and calendar (1405-02-19, or 2026-05-09).</summary>
    private static string LocalDate(Timestamp at, string calendarName, string zoneName)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out var zone))
        {
            return "";
        }

        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at.ToDateTimeOffset(), zone).DateTime);
        if (calendarName == "gregorian")
        {
            return day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        var jalali = JalaliDate.FromGregorian(day);
        return string.Create(CultureInfo.InvariantCulture, $"{jalali.Year:D4}-{jalali.Month:D2}-{jalali.Day:D2}");
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
        AppendCsvLine(text, header);
        foreach (var row in report.Rows.Append(report.Total))
        {
            var cells = new List<string>
            {
                row.Period.Label,
                Iso(row.Period.StartTime),
                Iso(row.Period.EndTime),
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

            AppendCsvLine(text, cells);
        }

        return text.ToString();
    }

    private static void AppendCsvLine(StringBuilder text, IEnumerable<string> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                text.Append(',');
            }

            first = false;
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                text.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(cell);
            }
        }

        text.Append('\n');
    }

    private static string Json(InboundReport report, string periodName, string calendarName, string zoneName)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
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
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteRow(Utf8JsonWriter json, InboundReportRow row)
    {
        json.WriteStartObject();
        json.WriteString("label", row.Period.Label);
        json.WriteString("start", Iso(row.Period.StartTime));
        json.WriteString("end", Iso(row.Period.EndTime));
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

    private static string Iso(Timestamp? at) =>
        at is null ? "" : at.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Seconds(Duration? duration) =>
        (duration?.ToTimeSpan().TotalSeconds ?? 0).ToString("0.###", CultureInfo.InvariantCulture);
}
