using IvrService.Flows.Calendar.Internal;

namespace IvrService.Flows.Calendar;

/// <summary>
/// Opening hours: periods per weekday in a time zone, and holidays (closed all day). Used by the hours node
/// and by the happy-call calling window. Days are judged by the local wall clock in <see cref="TimeZone"/>:
/// when clocks move back, a repeated local time is open both times; when they move forward over an opening
/// time, the office opens at the first instant after the jump.
/// </summary>
public sealed class BusinessHours
{
    /// <summary>How far ahead <see cref="NextOpening"/> looks before giving up.</summary>
    public const int SearchDays = 400;

    private readonly HashSet<DateOnly> _holidays;

    public BusinessHours(TimeZoneInfo timeZone, IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> week, IReadOnlyCollection<DateOnly> holidays)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        ArgumentNullException.ThrowIfNull(week);
        ArgumentNullException.ThrowIfNull(holidays);
        TimeZone = timeZone;
        Week = week;
        Holidays = holidays;
        _holidays = [.. holidays];
    }

    public TimeZoneInfo TimeZone { get; }

    public IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> Week { get; }

    public IReadOnlyCollection<DateOnly> Holidays { get; }

    /// <summary>True when the local time of <paramref name="instant"/> is in a period of its weekday and the day is no holiday.</summary>
    public bool IsOpen(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime;
        var day = DateOnly.FromDateTime(local);
        if (_holidays.Contains(day) || !Week.TryGetValue(local.DayOfWeek, out var periods))
        {
            return false;
        }

        var time = TimeOnly.FromDateTime(local);
        foreach (var period in periods)
        {
            if (period.Contains(time))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the local date of <paramref name="instant"/> is in <see cref="Holidays"/>.</summary>
    public bool IsHoliday(DateTimeOffset instant) =>
        _holidays.Contains(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime));

    /// <summary>
    /// The first instant at or after <paramref name="instant"/> that is open, in the local offset of
    /// <see cref="TimeZone"/>; null when the week has no period, or nothing opens within <see cref="SearchDays"/> days.
    /// </summary>
    public DateTimeOffset? NextOpening(DateTimeOffset instant)
    {
        if (!HasAnyPeriod())
        {
            return null;
        }

        if (IsOpen(instant))
        {
            return TimeZoneInfo.ConvertTime(instant, TimeZone);
        }

        // Being closed turns into being open only where the wall clock reaches a period's start or jumps (an
        // offset change), so the answer is the earliest such instant after 'instant' at which the office is open.
        var utc = instant.UtcDateTime;
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime).AddDays(-1);
        var candidates = new List<DateTime>();
        DateTime? best = null;
        for (var offset = 0; offset <= SearchDays; offset++)
        {
            var day = firstDay.AddDays(offset);
            if (best is not null && DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(best.Value, TimeZone)).AddDays(1) < day)
            {
                break;
            }

            candidates.Clear();
            if (Week.TryGetValue(day.DayOfWeek, out var periods))
            {
                foreach (var period in periods)
                {
                    ZoneInstants.AddOccurrences(TimeZone, day.ToDateTime(period.Start), candidates);
                }
            }

            ZoneInstants.AddTransitions(TimeZone, day, candidates);
            foreach (var candidate in candidates)
            {
                if (candidate >= utc && (best is null || candidate < best.Value) && IsOpen(new DateTimeOffset(candidate)))
                {
                    best = candidate;
                }
            }
        }

        return best is null ? null : TimeZoneInfo.ConvertTime(new DateTimeOffset(best.Value), TimeZone);
    }

    /// <summary>
    /// The first instant at or after <paramref name="instant"/> that is closed, in the local offset of
    /// <see cref="TimeZone"/>: the instant itself when closed, otherwise where the open stretch containing it ends.
    /// Back-to-back periods (one ending at 24:00, the next day's starting at 00:00) are one stretch. Null when
    /// nothing closes within <see cref="SearchDays"/> days (open around the clock with no holiday).
    /// </summary>
    public DateTimeOffset? NextClosing(DateTimeOffset instant)
    {
        if (!IsOpen(instant))
        {
            return TimeZoneInfo.ConvertTime(instant, TimeZone);
        }

        // Being open turns into being closed only where a period ends, a day (and so perhaps a holiday or a
        // closed weekday) begins, or the wall clock jumps; the answer is the earliest such instant that is closed.
        var utc = instant.UtcDateTime;
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime).AddDays(-1);
        var candidates = new List<DateTime>();
        DateTime? best = null;
        for (var offset = 0; offset <= SearchDays; offset++)
        {
            var day = firstDay.AddDays(offset);
            if (best is not null && DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(best.Value, TimeZone)).AddDays(1) < day)
            {
                break;
            }

            candidates.Clear();
            ZoneInstants.AddOccurrences(TimeZone, day.ToDateTime(TimeOnly.MinValue), candidates);
            if (Week.TryGetValue(day.DayOfWeek, out var periods))
            {
                foreach (var period in periods)
                {
                    if (period.IsValid && !period.EndsAtMidnight)
                    {
                        ZoneInstants.AddOccurrences(TimeZone, day.ToDateTime(period.End), candidates);
                    }
                }
            }

            ZoneInstants.AddTransitions(TimeZone, day, candidates);
            foreach (var candidate in candidates)
            {
                if (candidate > utc && (best is null || candidate < best.Value) && !IsOpen(new DateTimeOffset(candidate)))
                {
                    best = candidate;
                }
            }
        }

        return best is null ? null : TimeZoneInfo.ConvertTime(new DateTimeOffset(best.Value), TimeZone);
    }

    private bool HasAnyPeriod()
    {
        foreach (var periods in Week.Values)
        {
            foreach (var period in periods)
            {
                if (period.IsValid)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
