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
}
