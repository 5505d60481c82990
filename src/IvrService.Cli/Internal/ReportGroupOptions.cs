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

    /// <summary>The leading JSON properties of a row: label, start, end, group, groupName.</summary>
    public static void WriteJson(Utf8JsonWriter json, PeriodKey period, GroupKey group)
    {
        json.WriteString("label", period.Label);
        json.WriteString("start", ReportText.Iso(period.StartTime));
        json.WriteString("end", ReportText.Iso(period.EndTime));
        json.WriteString("group", group.Key);
        json.WriteString("groupName", group.Name);
    }

    /// <summary>The report's header of a JSON document: period, calendar, time zone and grouping.</summary>
    public static void WriteJsonHeader(Utf8JsonWriter json, string periodName, string calendarName, string zoneName, string groupName)
    {
        json.WriteString("period", periodName);
        json.WriteString("calendar", calendarName);
        json.WriteString("timeZone", zoneName);
        json.WriteString("groupBy", groupName);
    }

    /// <summary>A snake_case name as a column heading (no_answer → NO ANSWER).</summary>
    public static string Heading(string name) => name.Replace('_', ' ').ToUpperInvariant();
}
