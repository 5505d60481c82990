using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using IvrService.Flows.Calendar.Internal;

namespace IvrService.Flows.Calendar;

/// <summary>
/// A date in the Jalali (Solar Hijri) calendar, converted with <see cref="PersianCalendar"/>.
/// Months 1–6 have 31 days, 7–11 have 30, Esfand (12) has 29, or 30 in a leap year.
/// </summary>
public sealed record JalaliDate
{
    /// <summary>The last Jalali year <see cref="PersianCalendar"/> converts (its maximum is 9999-12-31 Gregorian).</summary>
    public const int MaxYear = 9378;

    private static readonly PersianCalendar s_calendar = new();

    private static readonly string[] s_monthNames =
    [
        "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
        "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
    ];

    /// <summary>Creates the date; throws <see cref="ArgumentOutOfRangeException"/> naming the bad part.</summary>
    public JalaliDate(int year, int month, int day)
    {
        if (!TryValidate(year, month, day, out var error))
        {
            throw new ArgumentOutOfRangeException(nameof(day), error);
        }

        Year = year;
        Month = month;
        Day = day;
    }

    public int Year { get; }

    /// <summary>1 (Farvardin) to 12 (Esfand).</summary>
    public int Month { get; }

    public int Day { get; }

    /// <summary>The month's transliterated name, e.g. "Ordibehesht" for 2.</summary>
    public string MonthName => s_monthNames[Month - 1];

    /// <summary>The first date <see cref="PersianCalendar"/> supports: 1 Farvardin 1 = 622-03-22.</summary>
    public static DateOnly MinGregorian { get; } = DateOnly.FromDateTime(s_calendar.MinSupportedDateTime);

    public static JalaliDate FromGregorian(DateOnly date)
    {
        if (date < MinGregorian)
        {
            throw new ArgumentOutOfRangeException(nameof(date), date, $"{date:yyyy-MM-dd} is before the first Jalali date (1 Farvardin 1 = {MinGregorian:yyyy-MM-dd})");
        }

        var dateTime = date.ToDateTime(TimeOnly.MinValue);
        return new JalaliDate(s_calendar.GetYear(dateTime), s_calendar.GetMonth(dateTime), s_calendar.GetDayOfMonth(dateTime));
    }

    public DateOnly ToGregorian() => DateOnly.FromDateTime(s_calendar.ToDateTime(Year, Month, Day, 0, 0, 0, 0));

    public static bool IsLeapYear(int year)
    {
        if (year is < 1 or > MaxYear)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, $"Jalali year {year} is outside 1..{MaxYear}");
        }

        return s_calendar.IsLeapYear(year);
    }

    public static int DaysInMonth(int year, int month)
    {
        if (year is < 1 or > MaxYear)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, $"Jalali year {year} is outside 1..{MaxYear}");
        }

        if (month is < 1 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(month), month, $"Jalali month {month} is outside 1..12");
        }

        return s_calendar.GetDaysInMonth(year, month);
    }

    /// <summary>Validates the parts and creates the date, or explains what is wrong.</summary>
    public static bool TryCreate(int year, int month, int day, [NotNullWhen(true)] out JalaliDate? date, [NotNullWhen(false)] out string? error)
    {
        if (!TryValidate(year, month, day, out error))
        {
            date = null;
            return false;
        }

        date = new JalaliDate(year, month, day);
        return true;
    }

    /// <summary>
    /// Parses "1405-01-01", "1405/01/01" or the same with Persian digits ("۱۴۰۵/۰۱/۰۱"). On failure
    /// <paramref name="error"/> says what is wrong with the text.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out JalaliDate? date, [NotNullWhen(false)] out string? error)
    {
        date = null;
        if (!DateText.TrySplit(text, out var year, out var month, out var day, out error))
        {
            return false;
        }

        if (!TryValidate(year, month, day, out var reason))
        {
            error = $"'{text}' is not a Jalali date: {reason}";
            return false;
        }

        date = new JalaliDate(year, month, day);
        return true;
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out JalaliDate? date) => TryParse(text, out date, out _);

    /// <summary>"1405/02/06".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}/{Month:D2}/{Day:D2}");

    private static bool TryValidate(int year, int month, int day, [NotNullWhen(false)] out string? error)
    {
        if (year is < 1 or > MaxYear)
        {
            error = $"year {year} is outside 1..{MaxYear}";
            return false;
        }

        if (month is < 1 or > 12)
        {
            error = $"month {month} is outside 1..12";
            return false;
        }

        var days = s_calendar.GetDaysInMonth(year, month);
        if (day < 1 || day > days)
        {
            error = $"day {day} is outside 1..{days} for {s_monthNames[month - 1]} {year}";
            return false;
        }

        error = null;
        return true;
    }
}
