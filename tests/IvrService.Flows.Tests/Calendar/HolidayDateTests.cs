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
}
