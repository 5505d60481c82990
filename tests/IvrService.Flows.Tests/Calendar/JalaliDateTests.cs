using System.Globalization;
using IvrService.Flows.Calendar;

namespace IvrService.Flows.Tests.Calendar;

public sealed class JalaliDateTests
{
    // Known pairs: Nowruz (1 Farvardin) of 1403, 1404 and 1405; the last day of leap year 1399;
    // 22 Bahman 1357 (the revolution's anniversary); 1 Dey 1402 (the day after Yalda night).
    public static TheoryData<int, int, int, string> KnownPairs => new()
    {
        { 1403, 1, 1, "2024-03-20" },
        { 1404, 1, 1, "2025-03-21" },
        { 1405, 1, 1, "2026-03-21" },
        { 1399, 12, 30, "2021-03-20" },
        { 1357, 11, 22, "1979-02-11" },
        { 1402, 10, 1, "2023-12-22" },
    };

    [Theory]
    [MemberData(nameof(KnownPairs))]
    public void FromGregorian_GivesJalaliParts_WhenDateIsKnownPair(int year, int month, int day, string gregorian)
    {
        var date = DateOnly.ParseExact(gregorian, "yyyy-MM-dd", CultureInfo.InvariantCulture);

        var jalali = JalaliDate.FromGregorian(date);

        Assert.Equal((year, month, day), (jalali.Year, jalali.Month, jalali.Day));
    }

    [Theory]
    [MemberData(nameof(KnownPairs))]
    public void ToGregorian_GivesGregorianDate_WhenDateIsKnownPair(int year, int month, int day, string gregorian)
    {
        var jalali = new JalaliDate(year, month, day);

        var date = jalali.ToGregorian();

        Assert.Equal(gregorian, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ToGregorian_RoundTrips_ForEveryDayOfSeveralYears()
    {
        var first = new DateOnly(2019, 1, 1);
        var previous = JalaliDate.FromGregorian(first.AddDays(-1));
        for (var date = first; date < new DateOnly(2031, 1, 1); date = date.AddDays(1))
        {
            var jalali = JalaliDate.FromGregorian(date);

            Assert.Equal(date, jalali.ToGregorian());
            var isNextDay = jalali.Day == previous.Day + 1 && jalali.Month == previous.Month && jalali.Year == previous.Year;
            var isNextMonth = jalali.Day == 1 && previous.Day == JalaliDate.DaysInMonth(previous.Year, previous.Month)
                && ((jalali.Month == previous.Month + 1 && jalali.Year == previous.Year) || (jalali.Month == 1 && previous.Month == 12 && jalali.Year == previous.Year + 1));
            Assert.True(isNextDay || isNextMonth, $"{previous} is followed by {jalali}");
            previous = jalali;
        }
    }

    [Fact]
    public void DaysInMonth_Gives31_30_AndEsfandByLeapYear()
    {
        Assert.Equal(31, JalaliDate.DaysInMonth(1405, 1));
        Assert.Equal(31, JalaliDate.DaysInMonth(1405, 6));
        Assert.Equal(30, JalaliDate.DaysInMonth(1405, 7));
        Assert.Equal(30, JalaliDate.DaysInMonth(1399, 12));
        Assert.True(JalaliDate.IsLeapYear(1399));
        Assert.Equal(29, JalaliDate.DaysInMonth(1400, 12));
        Assert.False(JalaliDate.IsLeapYear(1400));
    }

    [Theory]
    [InlineData("1405-01-01")]
    [InlineData("1405/01/01")]
    [InlineData(" 1405/1/1 ")]
    [InlineData("۱۴۰۵/۰۱/۰۱")]
    [InlineData("١٤٠٥-٠١-٠١")]
    public void TryParse_GivesFirstOfFarvardin1405_WhenWrittenInAnyAcceptedForm(string text)
    {
        var parsed = JalaliDate.TryParse(text, out var date, out var error);

        Assert.True(parsed, error);
        Assert.NotNull(date);
        Assert.Equal(new JalaliDate(1405, 1, 1), date);
        Assert.Equal(new DateOnly(2026, 3, 21), date.ToGregorian());
        Assert.Equal("1405/01/01", date.ToString());
    }

    [Theory]
    [InlineData("", "the date is empty: expected year-month-day such as 1405-01-01 (Jalali) or 2026-03-21 (Gregorian)")]
    [InlineData("1405.01.01", "'1405.01.01' is not a date: expected year-month-day with digits, such as 1405-01-01 or 1405/01/01 (Jalali) or 2026-03-21 (Gregorian)")]
    [InlineData("1405-01", "'1405-01' is not a date: expected year-month-day with digits, such as 1405-01-01 or 1405/01/01 (Jalali) or 2026-03-21 (Gregorian)")]
    [InlineData("1405-13-01", "'1405-13-01' is not a Jalali date: month 13 is outside 1..12")]
    [InlineData("1405-07-31", "'1405-07-31' is not a Jalali date: day 31 is outside 1..30 for Mehr 1405")]
    [InlineData("1400-12-30", "'1400-12-30' is not a Jalali date: day 30 is outside 1..29 for Esfand 1400")]
    [InlineData("0-01-01", "'0-01-01' is not a Jalali date: year 0 is outside 1..9378")]
    public void TryParse_ExplainsTheProblem_WhenTextIsNoJalaliDate(string text, string expected)
    {
        var parsed = JalaliDate.TryParse(text, out var date, out var error);

        Assert.False(parsed);
        Assert.Null(date);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Constructor_ThrowsNamingTheDay_WhenDayIsOutOfRange()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new JalaliDate(1405, 12, 30));

        Assert.StartsWith("day 30 is outside 1..29 for Esfand 1405", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromGregorian_Throws_WhenDateIsBeforeTheCalendar()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => JalaliDate.FromGregorian(new DateOnly(600, 1, 1)));

        Assert.Contains("before the first Jalali date (1 Farvardin 1 = 0622-03-22)", exception.Message, StringComparison.Ordinal);
    }
}
