using IvrService.Flows.Calendar;
using IvrService.Flows.Internal;

namespace IvrService.Flows.Definitions.Internal;

/// <summary>
/// Reads the schedule of an hours node: <c>time_zone</c> (IANA name), <c>weekly</c> (day →
/// <c>"HH:mm-HH:mm[, HH:mm-HH:mm]"</c> or <c>closed</c>; days not written are closed) and <c>holidays</c>
/// (yyyy-MM-dd, Jalali when the year is below 1700).
/// </summary>
internal static class ScheduleReader
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

            if (value is not DocScalar { IsNull: false } text)
            {
                state.Problems.Add(path, $"a {value.Kind} is not opening hours; write HH:mm-HH:mm (several separated by commas) or closed", value.Location);
                failed = true;
                continue;
            }

            if (text.Value.Trim() == "closed")
            {
                week[day] = [];
                continue;
            }

            if (!OpeningPeriod.TryParseList(text.Value, out var periods, out var error))
            {
                state.Problems.Add(path, error, value.Location);
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
            if (item is not DocScalar { IsNull: false } text)
            {
                state.Problems.Add(path, $"a {item.Kind} is not a date; write yyyy-MM-dd (Jalali when the year is below 1700, e.g. 1405-01-01)", item.Location);
                failed = true;
                continue;
            }

            if (!HolidayDate.TryParse(text.Value, out var date, out var error))
            {
                state.Problems.Add(path, error, item.Location);
                failed = true;
                continue;
            }

            holidays.Add(date);
        }

        return failed ? null : holidays;
    }
}
