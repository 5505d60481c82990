using System.Diagnostics.CodeAnalysis;
using IvrService.Flows.Calendar.Internal;

namespace IvrService.Flows.Calendar;

/// <summary>
/// Reads a holiday as written in a definition: a Jalali date when the year is before 1700
/// ("1405-01-01", "1405/01/01", "۱۴۰۵/۰۱/۰۱"), otherwise a Gregorian ISO date ("2026-03-21").
/// </summary>
public static class HolidayDate
{
    /// <summary>Years below this are Jalali; from it on, Gregorian.</summary>
    public const int FirstGregorianYear = 1700;

    /// <summary>Separates the first and last day of a holiday range: "1405-01-01..1405-01-04".</summary>
    public const string RangeSeparator = "..";

    /// <summary>The longest range <see cref="TryParseRange"/> accepts, in days; anything longer is taken for a typing mistake.</summary>
    public const int MaxRangeDays = 366;

    public static bool TryParse(string? text, out DateOnly date) => TryParse(text, out date, out _);

    /// <summary>Parses the date; on failure <paramref name="error"/> says what is wrong with the text.</summary>
    public static bool TryParse(string? text, out DateOnly date, [NotNullWhen(false)] out string? error)
    {
        date = default;
        if (!DateText.TrySplit(text, out var year, out var month, out var day, out error))
        {
            return false;
        }

        if (year < FirstGregorianYear)
        {
            if (!JalaliDate.TryCreate(year, month, day, out var jalali, out var reason))
            {
                error = $"'{text}' is not a Jalali date: {reason}";
                return false;
            }

            date = jalali.ToGregorian();
            return true;
        }

        if (month is < 1 or > 12)
        {
            error = $"'{text}' is not a Gregorian date: month {month} is outside 1..12";
            return false;
        }

        var days = DateTime.DaysInMonth(year, month);
        if (day < 1 || day > days)
        {
            error = $"'{text}' is not a Gregorian date: day {day} is outside 1..{days} for {year}-{month:D2}";
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>
    /// Parses one holiday date, or a range of them written first..last ("1405-01-01..1405-01-04", each side
    /// Jalali or Gregorian as in <see cref="TryParse(string?, out DateOnly, out string?)"/>), both days included;
    /// a single date gives <paramref name="first"/> equal to <paramref name="last"/>.
    /// </summary>
    public static bool TryParseRange(string? text, out DateOnly first, out DateOnly last, [NotNullWhen(false)] out string? error)
    {
        first = default;
        last = default;
        var separator = text?.IndexOf(RangeSeparator, StringComparison.Ordinal) ?? -1;
        if (separator < 0)
        {
            if (!TryParse(text, out first, out error))
            {
                return false;
            }

            last = first;
            return true;
        }

        var start = text![..separator];
        var end = text[(separator + RangeSeparator.Length)..];
        if (!TryParse(start, out var from, out error) || !TryParse(end, out var to, out error))
        {
            error = $"'{text}' is not a holiday range: {error}";
            return false;
        }

        if (to < from)
        {
            error = $"'{text}' is not a holiday range: it ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})";
            return false;
        }

        if (to.DayNumber - from.DayNumber + 1 > MaxRangeDays)
        {
            error = $"'{text}' is not a holiday range: it spans {to.DayNumber - from.DayNumber + 1} days, more than {MaxRangeDays}";
            return false;
        }

        first = from;
        last = to;
        return true;
    }
}
