using System.Globalization;
using System.Text.RegularExpressions;

namespace IvrService.Flows.Definitions.Internal;

/// <summary>Dates written yyyy-MM-dd: Jalali (Solar Hijri) when the year is below 1700, else Gregorian.</summary>
internal static partial class HolidayDates
{
    private static readonly PersianCalendar Persian = new();

    public static bool IsJalali(int year) => year < 1700;

    /// <summary>The Gregorian day the text names, or false when it is not a valid date in its calendar.</summary>
    public static bool TryParse(string text, out DateOnly date)
    {
        date = default;
        var match = Format().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var year = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        var month = int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
        var day = int.Parse(match.Groups[3].ValueSpan, CultureInfo.InvariantCulture);
        if (IsJalali(year))
        {
            if (year < 1 || month is < 1 or > 12 || day < 1 || day > Persian.GetDaysInMonth(year, month))
            {
                return false;
            }

            date = DateOnly.FromDateTime(Persian.ToDateTime(year, month, day, 0, 0, 0, 0));
            return true;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    [GeneratedRegex("^([0-9]{4})-([0-9]{2})-([0-9]{2})$")]
    private static partial Regex Format();
}
