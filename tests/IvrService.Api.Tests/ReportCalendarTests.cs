extern alias ApiServer;

using ApiServer::IvrService.Api.Internal;
using ApiServer::IvrService.Api.V1;

namespace IvrService.Api.Tests;

public sealed class ReportCalendarTests
{
    private static readonly TimeZoneInfo s_tehran = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");

    [Theory]
    [InlineData(2025, 3, 15, "1404-W01")] // Saturday before 1 Farvardin 1404 (Friday 21 March 2025)
    [InlineData(2025, 3, 21, "1404-W01")]
    [InlineData(2025, 3, 14, "1403-W52")]
    [InlineData(2026, 3, 21, "1405-W01")] // 1 Farvardin 1405 is a Saturday
    [InlineData(2026, 3, 20, "1404-W53")]
    [InlineData(2026, 4, 25, "1405-W06")]
    public void Label_NumbersJalaliWeeksFromTheWeekOfNowruz_WhenPeriodIsWeek(int year, int month, int day, string label)
    {
        // Act
        var actual = ReportCalendar.Label(new DateOnly(year, month, day), ReportPeriod.Week, CalendarSystem.Jalali);

        // Assert
        Assert.Equal(label, actual);
    }

    [Fact]
    public void Split_StartsJalaliWeeksOnSaturdayAndGregorianWeeksOnMonday_WhenPeriodIsWeek()
    {
        // Arrange: Wednesday 1 April 2026 to Wednesday 15 April 2026, Tehran.
        var from = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.FromHours(3.5));
        var to = from.AddDays(14);

        // Act
        var jalali = ReportCalendar.Split(from, to, ReportPeriod.Week, CalendarSystem.Jalali, s_tehran);
        var gregorian = ReportCalendar.Split(from, to, ReportPeriod.Week, CalendarSystem.Gregorian, s_tehran);

        // Assert
        Assert.Equal(["1405-W02", "1405-W03", "1405-W04"], jalali.Select(s => s.Label));
        Assert.Equal(DayOfWeek.Saturday, TimeZoneInfo.ConvertTime(jalali[1].Start, s_tehran).DayOfWeek);
        Assert.Equal(["2026-W14", "2026-W15", "2026-W16"], gregorian.Select(s => s.Label));
        Assert.Equal(DayOfWeek.Monday, TimeZoneInfo.ConvertTime(gregorian[1].Start, s_tehran).DayOfWeek);
        Assert.Equal((from, to), (jalali[0].Start, jalali[^1].End));
    }

    [Fact]
    public void DayStart_IsTheClockChange_WhenTehranSkippedMidnight()
    {
        // Arrange: on 22 March 2021 Tehran moved its clocks from 00:00 to 01:00 (+03:30 to +04:30).
        var day = new DateOnly(2021, 3, 22);

        // Act
        var start = ReportCalendar.DayStart(day, s_tehran);
        var dayBefore = ReportCalendar.DayStart(day.AddDays(-1), s_tehran);

        // Assert
        Assert.Equal(new DateTimeOffset(2021, 3, 21, 20, 30, 0, TimeSpan.Zero), start);
        Assert.Equal(TimeSpan.FromHours(24), start - dayBefore);
        Assert.Equal(new DateTime(2021, 3, 22, 1, 0, 0), TimeZoneInfo.ConvertTime(start, s_tehran).DateTime);
    }

    [Fact]
    public void Split_GivesTwentyFiveHourDay_WhenTehranMovedClocksBack()
    {
        // Arrange: on 21 September 2021 at 24:00 Tehran moved its clocks back to 23:00 (+04:30 to +03:30).
        var from = new DateTimeOffset(2021, 9, 21, 0, 0, 0, TimeSpan.FromHours(4.5));
        var to = new DateTimeOffset(2021, 9, 23, 0, 0, 0, TimeSpan.FromHours(3.5));

        // Act
        var days = ReportCalendar.Split(from, to, ReportPeriod.Day, CalendarSystem.Gregorian, s_tehran);

        // Assert
        Assert.Equal(["2021-09-21", "2021-09-22"], days.Select(d => d.Label));
        Assert.Equal([TimeSpan.FromHours(25), TimeSpan.FromHours(24)], days.Select(d => d.End - d.Start));
    }

    [Fact]
    public void Split_GivesOneTotalPeriod_WhenPeriodIsUnspecified()
    {
        // Arrange
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        // Act
        var spans = ReportCalendar.Split(from, from.AddDays(10), ReportPeriod.Unspecified, CalendarSystem.Jalali, s_tehran);

        // Assert
        Assert.Equal([new ReportSpan(from, from.AddDays(10), "total")], spans);
    }
}
