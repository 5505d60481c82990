using System.CommandLine;
using System.Text.Json;
using IvrService.Api.V1;

namespace IvrService.Cli.Internal;

/// <summary>
/// The grouping and filters of the happy-call reports (<c>--group-by</c>, <c>--technician</c>, <c>--service-type</c>),
/// and the columns every row of them starts with: the period (and its first day for weeks) and the group.
/// </summary>
internal sealed class ReportGroupOptions
{
    public ReportGroupOptions()
    {
        GroupBy = new Option<string>("--group-by") { Description = "Rows per period only (none), or per technician or service type too.", DefaultValueFactory = _ => "none" };
        GroupBy.AcceptOnlyFromAmong("none", "technician", "service-type");
        Technician = new Option<string?>("--technician") { Description = "Only happy calls of this technician (id)." };
        ServiceType = new Option<string?>("--service-type") { Description = "Only happy calls of this service type." };
    }

    public Option<string> GroupBy { get; }

    public Option<string?> Technician { get; }

    public Option<string?> ServiceType { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(GroupBy);
        command.Options.Add(Technician);
        command.Options.Add(ServiceType);
    }

    public static ReportGrouping Grouping(string name) => name switch
    {
        "technician" => ReportGrouping.Technician,
        "service-type" => ReportGrouping.ServiceType,
        _ => ReportGrouping.Unspecified,
    };

    /// <summary>The header of the leading columns: PERIOD, FROM for weeks, then GROUP (and NAME for technicians) when grouped.</summary>
    public static List<string> Header(bool weeks, ReportGrouping grouping, bool withName)
    {
        var header = new List<string> { "PERIOD" };
        if (weeks)
        {
            header.Add("FROM");
        }

        if (grouping != ReportGrouping.Unspecified)
        {
            header.Add(grouping == ReportGrouping.Technician ? "TECHNICIAN" : "SERVICE TYPE");
            if (withName && grouping == ReportGrouping.Technician)
            {
                header.Add("NAME");
            }
        }

        return header;
    }

    /// <summary>The leading cells of a row, matching <see cref="Header"/>.</summary>
    public static List<string> Cells(PeriodKey period, GroupKey group, bool weeks, ReportGrouping grouping, bool withName, string calendarName, string zoneName)
    {
        var cells = new List<string> { period.Label };
        if (weeks)
        {
            cells.Add(period.Label == "total" ? "" : ReportText.LocalDate(period.StartTime, calendarName, zoneName));
        }

        if (grouping != ReportGrouping.Unspecified)
        {
            cells.Add(group.Key);
            if (withName && grouping == ReportGrouping.Technician)
            {
                cells.Add(group.Name);
            }
        }

        return cells;
    }

    /// <summary>The leading CSV cells: period, start, end, group, group_name.</summary>
    public static List<string> CsvCells(PeriodKey period, GroupKey group) =>
        [period.Label, ReportText.Iso(period.StartTime), ReportText.Iso(period.EndTime), group.Key, group.Name];

    /// <summary>
    /// A grouped report as JSON: period, calendar, timeZone and groupBy, then the arrays <c>rows</c> and <c>totals</c>, each
    /// row an object starting with label, start, end, group and groupName, followed by what <paramref name="writeFigures"/> writes.
    /// </summary>
    public static string Json<TRow>(
        (string Period, string Calendar, string Zone, string GroupBy) names,
        IEnumerable<TRow> rows,
        IEnumerable<TRow> totals,
        Func<TRow, (PeriodKey Period, GroupKey Group)> keyOf,
        Action<Utf8JsonWriter, TRow> writeFigures) => ReportText.Json(json =>
    {
        json.WriteStartObject();
        json.WriteString("period", names.Period);
        json.WriteString("calendar", names.Calendar);
        json.WriteString("timeZone", names.Zone);
        json.WriteString("groupBy", names.GroupBy);
        foreach (var (name, list) in new[] { ("rows", rows), ("totals", totals) })
        {
            json.WriteStartArray(name);
            foreach (var row in list)
            {
                var (period, group) = keyOf(row);
                json.WriteStartObject();
                json.WriteString("label", period.Label);
                json.WriteString("start", ReportText.Iso(period.StartTime));
                json.WriteString("end", ReportText.Iso(period.EndTime));
                json.WriteString("group", group.Key);
                json.WriteString("groupName", group.Name);
                writeFigures(json, row);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    });

    /// <summary>A snake_case name as a column heading (no_answer → NO ANSWER).</summary>
    public static string Heading(string name) => name.Replace('_', ' ').ToUpperInvariant();
}
