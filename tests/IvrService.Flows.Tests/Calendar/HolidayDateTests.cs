using IvrService.Flows.Calendar;

namespace IvrService.Flows.Tests.Calendar;

public sealed class HolidayDateTests
{
    [Theory]
    [InlineData("1405-01-01", 2026, 3, 21)]
    [InlineData("1405/01/13", 2026, 4, 2)]
    [InlineData("۱۴۰۵/۰۱/۰۱", 2026, 3, 21)]
    [InlineData("1357/11/22", 1979, 2, 11)]
    [InlineData("1699-01-01", 2320, 3, 21)]
    [InlineData("2026-03-21", 2026, 3, 21)]
    [InlineData("2024-02-29", 2024, 2, 29)]
    [InlineData("1700-01-01", 1700, 1, 1)]
    public void TryParse_GivesGregorianDate_WhenJalaliBefore1700OrGregorianFrom1700(string text, int year, int month, int day)
    {
        var parsed = HolidayDate.TryParse(text, out var date, out var error);

        Assert.True(parsed, error);
        Assert.Equal(new DateOnly(year, month, day), date);
    }

    [Theory]
    [InlineData("Nowruz", "'Nowruz' is not a date: expected year-month-day with digits, such as 1405-01-01 or 1405/01/01 (Jalali) or 2026-03-21 (Gregorian)")]
    [InlineData("1405-12-30", "'1405-12-30' is not a Jalali date: day 30 is outside 1..29 for Esfand 1405")]
    [InlineData("2025-02-29", "'2025-02-29' is not a Gregorian date: day 29 is outside 1..28 for 2025-02")]
    [InlineData("2026-00-10", "'2026-00-10' is not a Gregorian date: month 0 is outside 1..12")]
    [InlineData(null, "the date is empty: expected year-month-day such as 1405-01-01 (Jalali) or 2026-03-21 (Gregorian)")]
    public void TryParse_ExplainsTheProblem_WhenTextIsNoDate(string? text, string expected)
    {
        var parsed = HolidayDate.TryParse(text, out _, out var error);

        Assert.False(parsed);
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("1405-01-01..1405-01-04", 2026, 3, 21, 2026, 3, 24)]
    [InlineData("۱۴۰۵/۰۱/۱۲..۱۴۰۵/۰۱/۱۳", 2026, 4, 1, 2026, 4, 2)]
    [InlineData("2026-12-24..2026-12-26", 2026, 12, 24, 2026, 12, 26)]
    [InlineData("1405-01-13", 2026, 4, 2, 2026, 4, 2)]
    [InlineData("1404-12-29..2026-03-21", 2026, 3, 20, 2026, 3, 21)]
    public void TryParseRange_GivesFirstAndLastGregorianDay_WhenDateOrRange(string text, int y1, int m1, int d1, int y2, int m2, int d2)
    {
        var parsed = HolidayDate.TryParseRange(text, out var first, out var last, out var error);

        Assert.True(parsed, error);
        Assert.Equal(new DateOnly(y1, m1, d1), first);
        Assert.Equal(new DateOnly(y2, m2, d2), last);
    }

    [Theory]
    [InlineData("1405-01-04..1405-01-01", "'1405-01-04..1405-01-01' is not a holiday range: it ends (2026-03-21) before it starts (2026-03-24)")]
    [InlineData("1405-01-01..1405-13-01", "'1405-01-01..1405-13-01' is not a holiday range: '1405-13-01' is not a Jalali date: month 13 is outside 1..12")]
    [InlineData("1405-01-01..", "'1405-01-01..' is not a holiday range: the date is empty: expected year-month-day such as 1405-01-01 (Jalali) or 2026-03-21 (Gregorian)")]
    [InlineData("2026-01-01..2027-01-02", "'2026-01-01..2027-01-02' is not a holiday range: it spans 367 days, more than 366")]
    [InlineData("Nowruz", "'Nowruz' is not a date: expected year-month-day with digits, such as 1405-01-01 or 1405/01/01 (Jalali) or 2026-03-21 (Gregorian)")]
    public void TryParseRange_ExplainsTheProblem_WhenTextIsNoDateOrRange(string text, string expected)
    {
        var parsed = HolidayDate.TryParseRange(text, out _, out _, out var error);

        Assert.False(parsed);
        Assert.Equal(expected, error);
    }
}
