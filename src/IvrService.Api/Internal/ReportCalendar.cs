using System.Globalization;
using IvrService.Api.V1;
using IvrService.Flows.Calendar;
using CalendarSystem = IvrService.Api.V1.CalendarSystem;

namespace IvrService.Api.Internal;

/// <summary>
/// Splits a report's range into days, weeks or months of the Jalali or Gregorian calendar in a time zone. A day
/// starts at local midnight, or where the clocks skip midnight at the first instant after it; of a repeated
/// midnight, the first. Jalali weeks run Saturday to Friday: week 1 of a year is the week holding 1 Farvardin and a
/// week belongs to the year of its Friday. Gregorian weeks are ISO 8601 weeks (Monday to Sunday, labelled with the
/// ISO week-based year).
/// </summary>
internal static class ReportCalendar
{
    /// <summary>The label of the one period of a report without periods.</summary>
    public const string TotalLabel = "total";

    /// <summary>Offsets stay within −12:00..+14:00, so a local day starts within these bounds around its midnight read as UTC.</summary>
    private static readonly TimeSpan s_offsetBound = TimeSpan.FromHours(15);

    /// <summary>
    /// The periods covering [<paramref name="from"/>, <paramref name="to"/>) in order: whole periods of the
    /// calendar, the first and the last cut to the range; one <see cref="TotalLabel"/> period without a period length.
    /// </summary>
    public static IReadOnlyList<ReportSpan> Split(
        DateTimeOffset from, DateTimeOffset to, ReportPeriod period, CalendarSystem calendar, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (to <= from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, "The end of a report's range must be after its start.");
        }

        if (period == ReportPeriod.Unspecified)
        {
            return [new ReportSpan(from, to, TotalLabel)];
        }

        var spans = new List<ReportSpan>();
        var day = Floor(LocalDate(from, zone), period, calendar);
        var start = from;
        while (start < to)
        {
            var next = Next(day, period, calendar);
            var nextStart = DayStart(next, zone);
            var end = nextStart < to ? nextStart : to;
            if (end > start)
            {
                spans.Add(new ReportSpan(start, end, Label(day, period, calendar)));
            }

            start = end;
            day = next;
        }

        return spans;
    }

    /// <summary>The first instant whose local date in <paramref name="zone"/> is <paramref name="date"/> or later.</summary>
    public static DateTimeOffset DayStart(DateOnly date, TimeZoneInfo zone)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(midnight))
        {
            var latest = zone.GetAmbiguousTimeOffsets(midnight).Max();
            return new DateTimeOffset(midnight - latest, TimeSpan.Zero);
        }

        if (!zone.IsInvalidTime(midnight))
        {
            return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(midnight, zone), TimeSpan.Zero);
        }

        // Midnight is skipped: the day starts at the transition, the first instant whose local time is past it.
        var low = midnight.Ticks - s_offsetBound.Ticks;
        var high = midnight.Ticks + s_offsetBound.Ticks;
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            var local = TimeZoneInfo.ConvertTimeFromUtc(new DateTime(middle, DateTimeKind.Utc), zone);
            if (local >= midnight)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return new DateTimeOffset(high, TimeSpan.Zero);
    }

    private static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    private static DateOnly Floor(DateOnly day, ReportPeriod period, CalendarSystem calendar) => period switch
    {
        ReportPeriod.Day => day,
        ReportPeriod.Week => day.AddDays(-DaysIntoWeek(day, calendar)),
        ReportPeriod.Month when calendar == CalendarSystem.Gregorian => new DateOnly(day.Year, day.Month, 1),
        ReportPeriod.Month => FirstOfJalaliMonth(JalaliDate.FromGregorian(day)),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    private static DateOnly Next(DateOnly start, ReportPeriod period, CalendarSystem calendar) => period switch
    {
        ReportPeriod.Day => start.AddDays(1),
        ReportPeriod.Week => start.AddDays(7),
        ReportPeriod.Month when calendar == CalendarSystem.Gregorian => start.AddMonths(1),
        ReportPeriod.Month => NextJalaliMonth(JalaliDate.FromGregorian(start)),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    /// <summary>Days since the week's first day: Saturday in the Jalali calendar, Monday (ISO 8601) in the Gregorian.</summary>
    private static int DaysIntoWeek(DateOnly day, CalendarSystem calendar) =>
        calendar == CalendarSystem.Gregorian ? ((int)day.DayOfWeek + 6) % 7 : ((int)day.DayOfWeek + 1) % 7;

    private static DateOnly FirstOfJalaliMonth(JalaliDate date) => new JalaliDate(date.Year, date.Month, 1).ToGregorian();

    private static DateOnly NextJalaliMonth(JalaliDate date) =>
        date.Month == 12 ? new JalaliDate(date.Year + 1, 1, 1).ToGregorian() : new JalaliDate(date.Year, date.Month + 1, 1).ToGregorian();

    /// <summary>The label of the period starting on <paramref name="start"/> (its first whole day).</summary>
    public static string Label(DateOnly start, ReportPeriod period, CalendarSystem calendar)
    {
        if (calendar == CalendarSystem.Gregorian)
        {
            return period switch
            {
                ReportPeriod.Day => start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ReportPeriod.Week => string.Create(
                    CultureInfo.InvariantCulture,
                    $"{ISOWeek.GetYear(start.ToDateTime(TimeOnly.MinValue)):D4}-W{ISOWeek.GetWeekOfYear(start.ToDateTime(TimeOnly.MinValue)):D2}"),
                ReportPeriod.Month => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                _ => TotalLabel,
            };
        }

        var jalali = JalaliDate.FromGregorian(start);
        return period switch
        {
            ReportPeriod.Day => string.Create(CultureInfo.InvariantCulture, $"{jalali.Year:D4}-{jalali.Month:D2}-{jalali.Day:D2}"),
            ReportPeriod.Week => JalaliWeekLabel(start),
            ReportPeriod.Month => string.Create(CultureInfo.InvariantCulture, $"{jalali.Year:D4}-{jalali.Month:D2}"),
            _ => TotalLabel,
        };
    }

    private static string JalaliWeekLabel(DateOnly day)
    {
        var saturday = day.AddDays(-DaysIntoWeek(day, CalendarSystem.Jalali));
        var year = JalaliDate.FromGregorian(saturday.AddDays(6)).Year;
        var nowruz = new JalaliDate(year, 1, 1).ToGregorian();
        var firstWeek = nowruz.AddDays(-DaysIntoWeek(nowruz, CalendarSystem.Jalali));
        var week = ((saturday.DayNumber - firstWeek.DayNumber) / 7) + 1;
        return string.Create(CultureInfo.InvariantCulture, $"{year:D4}-W{week:D2}");
    }
}
