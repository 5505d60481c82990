using System.Globalization;
using System.Text.RegularExpressions;
using IvrService.Flows.Calendar;
using IvrService.Flows.Internal;

namespace IvrService.Flows.Definitions.Internal;

/// <summary>
/// Reads the schedule of an hours node: <c>time_zone</c> (IANA name), <c>weekly</c> (day →
/// <c>"HH:mm-HH:mm[, HH:mm-HH:mm]"</c> or <c>closed</c>; days not written are closed) and <c>holidays</c>
/// (yyyy-MM-dd, Jalali when the year is below 1700).
/// </summary>
internal static partial class ScheduleReader
{
    private static readonly Dictionary<string, DayOfWeek> Days = new(StringComparer.Ordinal)
    {
        ["saturday"] = DayOfWeek.Saturday,
        ["sunday"] = DayOfWeek.Sunday,
        ["monday"] = DayOfWeek.Monday,
        ["tuesday"] = DayOfWeek.Tuesday,
        ["wednesday"] = DayOfWeek.Wednesday,
        ["thursday"] = DayOfWeek.Thursday,
        ["friday"] = DayOfWeek.Friday,
    };

    public static BusinessHours? Read(FlowReadState state, MapReader map)
    {
        var zone = TimeZone(state, map);
        var week = Week(state, map);
        var holidays = Holidays(state, map);
        return zone is null || week is null || holidays is null ? null : new BusinessHours(zone, week, holidays);
    }

    private static TimeZoneInfo? TimeZone(FlowReadState state, MapReader map)
    {
        var name = state.Text(map, "time_zone", true);
        if (name is null)
        {
            return null;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone))
        {
            return zone;
        }

        state.Problems.Add(map.PathOf("time_zone"), $"unknown time zone '{name}'; use an IANA name such as Asia/Tehran", map.Get("time_zone", false)!.Location);
        return null;
    }

    private static Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>>? Week(FlowReadState state, MapReader map)
    {
        var node = map.Get("weekly", true);
        if (node is null)
        {
            return null;
        }

        if (node is not DocMapping mapping)
        {
            state.Problems.Add(map.PathOf("weekly"), $"'weekly' must map days to opening hours, not a {node.Kind}", node.Location);
            return null;
        }

        var week = Enum.GetValues<DayOfWeek>().ToDictionary(day => day, _ => (IReadOnlyList<OpeningPeriod>)[]);
        var failed = false;
        var days = new MapReader(mapping, map.PathOf("weekly"), "a weekly schedule", state.Problems);
        foreach (var (dayName, value) in days.Entries)
        {
            var path = days.PathOf(dayName.Value);
            if (!Days.TryGetValue(dayName.Value, out var day))
            {
                state.Problems.Add(path, $"'{dayName.Value}' is not a day of the week; write saturday, sunday, monday, tuesday, wednesday, thursday or friday", dayName.Location);
                failed = true;
                continue;
            }

            var periods = value is DocScalar { IsNull: false } text ? Periods(text.Value) : null;
            if (periods is null)
            {
                var shown = value is DocScalar s ? $"'{s.Value}'" : $"a {value.Kind}";
                state.Problems.Add(path, $"{shown} is not opening hours; write HH:mm-HH:mm (several separated by commas) or closed", value.Location);
                failed = true;
                continue;
            }

            var backwards = periods.FindIndex(p => p.End <= p.Start);
            if (backwards >= 0)
            {
                state.Problems.Add(path, $"opening period {Show(periods[backwards].Start)}-{Show(periods[backwards].End)} ends before it starts", value.Location);
                failed = true;
                continue;
            }

            week[day] = periods;
        }

        return failed ? null : week;
    }

    private static List<DateOnly>? Holidays(FlowReadState state, MapReader map)
    {
        var node = map.Get("holidays", false);
        if (node is null)
        {
            return [];
        }

        if (node is not DocSequence list)
        {
            state.Problems.Add(map.PathOf("holidays"), $"'holidays' must be a list of dates, not a {node.Kind}", node.Location);
            return null;
        }

        var holidays = new List<DateOnly>();
        var failed = false;
        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            var path = $"{map.PathOf("holidays")}.{i}";
            if (item is DocScalar { IsNull: false } text && HolidayDates.TryParse(text.Value, out var date))
            {
                holidays.Add(date);
                continue;
            }

            failed = true;
            var reason = item is DocScalar s && DateShape().IsMatch(s.Value)
                ? $"'{s.Value}' is not a valid {(HolidayDates.IsJalali(int.Parse(s.Value.AsSpan(0, 4), CultureInfo.InvariantCulture)) ? "Jalali" : "Gregorian")} date"
                : $"{(item is DocScalar t ? $"'{t.Value}'" : $"a {item.Kind}")} is not a date; write yyyy-MM-dd (Jalali when the year is below 1700, e.g. 1405-01-01)";
            state.Problems.Add(path, reason, item.Location);
        }

        return failed ? null : holidays;
    }

    /// <summary>"closed", or periods "08:00-12:00, 13:00-17:00"; null when the text is neither.</summary>
    private static List<OpeningPeriod>? Periods(string text)
    {
        if (text.Trim() == "closed")
        {
            return [];
        }

        var periods = new List<OpeningPeriod>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var match = PeriodFormat().Match(part);
            if (!match.Success
                || !TimeOnly.TryParseExact(match.Groups[1].Value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                || !TimeOnly.TryParseExact(match.Groups[2].Value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            {
                return null;
            }

            periods.Add(new OpeningPeriod(start, end));
        }

        return periods;
    }

    private static string Show(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    [GeneratedRegex("^([0-9]{2}:[0-9]{2}) *- *([0-9]{2}:[0-9]{2})$")]
    private static partial Regex PeriodFormat();

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    private static partial Regex DateShape();
}
