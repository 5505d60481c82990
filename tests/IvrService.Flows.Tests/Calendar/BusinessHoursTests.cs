using IvrService.Flows.Calendar;

namespace IvrService.Flows.Tests.Calendar;

public sealed class BusinessHoursTests
{
    private static readonly TimeSpan s_tehran = new(3, 30, 0);

    [Theory]
    [InlineData(7, 59, 59, false)]
    [InlineData(8, 0, 0, true)]
    [InlineData(11, 59, 59, true)]
    [InlineData(12, 0, 0, false)]
    [InlineData(12, 59, 59, false)]
    [InlineData(13, 0, 0, true)]
    [InlineData(16, 59, 59, true)]
    [InlineData(17, 0, 0, false)]
    public void IsOpen_FollowsPeriodEdges_OnAWorkingDayInTehran(int hour, int minute, int second, bool expected)
    {
        var hours = TehranOffice();

        // Sunday 6 Ordibehesht 1405.
        var open = hours.IsOpen(new DateTimeOffset(2026, 4, 26, hour, minute, second, s_tehran));

        Assert.Equal(expected, open);
    }

    [Fact]
    public void IsOpen_IsFalseJustBeforeClosing_NotAtIt_ToTheTick()
    {
        var hours = TehranOffice();
        var closing = new DateTimeOffset(2026, 4, 26, 17, 0, 0, s_tehran);

        Assert.True(hours.IsOpen(closing.AddTicks(-1)));
        Assert.False(hours.IsOpen(closing));
    }

    [Fact]
    public void IsOpen_IsFalse_OnFriday()
    {
        var hours = TehranOffice();

        Assert.False(hours.IsOpen(new DateTimeOffset(2026, 4, 24, 10, 0, 0, s_tehran)));
        Assert.False(hours.IsHoliday(new DateTimeOffset(2026, 4, 24, 10, 0, 0, s_tehran)));
    }

    [Fact]
    public void IsOpen_IsFalse_OnAHolidayThatIsAWorkingWeekday()
    {
        var hours = TehranOffice();
        var natureDay = new DateTimeOffset(2026, 4, 2, 10, 0, 0, s_tehran); // Thursday 13 Farvardin 1405

        Assert.True(hours.IsHoliday(natureDay));
        Assert.False(hours.IsOpen(natureDay));
        Assert.True(hours.IsOpen(natureDay.AddDays(-7)));
    }

    [Fact]
    public void IsHoliday_JudgesTheLocalDate_NotTheUtcDate()
    {
        var hours = TehranOffice();

        // 20:00 UTC on 2 April is 23:30 on 13 Farvardin (a holiday) in Tehran; 21:00 UTC is 00:30 on 14 Farvardin.
        Assert.True(hours.IsHoliday(new DateTimeOffset(2026, 4, 2, 20, 0, 0, TimeSpan.Zero)));
        Assert.False(hours.IsHoliday(new DateTimeOffset(2026, 4, 2, 21, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void NextOpening_IsTheInstantItself_WhenOpen()
    {
        var hours = TehranOffice();
        var instant = new DateTimeOffset(2026, 4, 26, 9, 15, 0, s_tehran);

        Assert.Equal(instant, hours.NextOpening(instant));
    }

    [Fact]
    public void NextOpening_IsTheAfternoonPeriod_AtLunch()
    {
        var hours = TehranOffice();

        var next = hours.NextOpening(new DateTimeOffset(2026, 4, 26, 12, 0, 0, s_tehran));

        Assert.Equal(new DateTimeOffset(2026, 4, 26, 13, 0, 0, s_tehran), next);
        Assert.Equal(s_tehran, next!.Value.Offset);
    }

    [Fact]
    public void NextOpening_SkipsHolidaysAndTheWeekend_WhenClosedBeforeThem()
    {
        var hours = TehranOffice();

        // Tuesday 11 Farvardin 17:30; Wednesday 12 and Thursday 13 Farvardin are holidays, Friday is closed.
        var next = hours.NextOpening(new DateTimeOffset(2026, 3, 31, 17, 30, 0, s_tehran));

        Assert.Equal(new DateTimeOffset(2026, 4, 4, 8, 0, 0, s_tehran), next);
    }

    [Fact]
    public void NextOpening_SkipsNowruz_WhenAskedOnTheLastDayOfTheYear()
    {
        var hours = TehranOffice();

        // Friday 29 Esfand 1404; 1–4 Farvardin 1405 (Saturday to Tuesday) are holidays.
        var next = hours.NextOpening(new DateTimeOffset(2026, 3, 20, 9, 0, 0, s_tehran));

        Assert.Equal(new DateTimeOffset(2026, 3, 25, 8, 0, 0, s_tehran), next);
    }

    [Fact]
    public void TehranZone_HasNoDaylightSavingTime_SinceThe2022Change()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");
        var hours = TehranOffice();

        Assert.Equal(s_tehran, zone.GetUtcOffset(new DateTimeOffset(2026, 6, 21, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(s_tehran, zone.GetUtcOffset(new DateTimeOffset(2026, 1, 21, 12, 0, 0, TimeSpan.Zero)));

        // Summer opening: 08:00 local is 04:30 UTC (it would be 03:30 with the old summer time).
        Assert.False(hours.IsOpen(new DateTimeOffset(2026, 6, 21, 4, 29, 59, TimeSpan.Zero)));
        Assert.True(hours.IsOpen(new DateTimeOffset(2026, 6, 21, 4, 30, 0, TimeSpan.Zero)));
        Assert.Equal(
            new DateTimeOffset(2026, 6, 20, 4, 30, 0, TimeSpan.Zero),
            hours.NextOpening(new DateTimeOffset(2026, 6, 19, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void NextOpening_UsesTheNewOffset_AfterBerlinMovesClocksForward()
    {
        var hours = WeekdayOffice("Europe/Berlin");

        // Saturday 28 March 2026 at noon (+01:00); clocks go to +02:00 on Sunday 29 March at 02:00.
        var next = hours.NextOpening(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.FromHours(1)));

        Assert.Equal(new DateTimeOffset(2026, 3, 30, 9, 0, 0, TimeSpan.FromHours(2)), next);
        Assert.Equal(TimeSpan.FromHours(2), next!.Value.Offset);
    }

    [Fact]
    public void NextOpening_IsTheEndOfTheGap_WhenTheOpeningTimeIsSkippedInBerlin()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var sundayNight = new OpeningPeriod(new TimeOnly(2, 30), new TimeOnly(5, 0));
        var hours = new BusinessHours(zone, new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> { [DayOfWeek.Sunday] = [sundayNight] }, []);

        // 02:30 does not exist on 29 March 2026: 01:59:59 +01:00 is followed by 03:00 +02:00 (01:00 UTC).
        var next = hours.NextOpening(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.FromHours(1)));

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), next);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2)), next);
        Assert.False(hours.IsOpen(new DateTimeOffset(2026, 3, 29, 0, 59, 59, TimeSpan.Zero)));
        Assert.True(hours.IsOpen(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void NextOpening_IsTheRepeatedOpeningTime_AfterBerlinMovesClocksBack()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var early = new OpeningPeriod(new TimeOnly(2, 0), new TimeOnly(2, 30));
        var hours = new BusinessHours(zone, new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> { [DayOfWeek.Sunday] = [early] }, []);

        // On 25 October 2026 02:00–02:59 happens twice: first at +02:00 (00:00 UTC), then at +01:00 (01:00 UTC).
        var first = hours.NextOpening(new DateTimeOffset(2026, 10, 24, 23, 0, 0, TimeSpan.Zero));
        var second = hours.NextOpening(new DateTimeOffset(2026, 10, 25, 0, 45, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 0, 0, TimeSpan.Zero), first);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 1, 0, 0, TimeSpan.Zero), second);
        Assert.Equal(TimeSpan.FromHours(1), second!.Value.Offset);
    }

    [Fact]
    public void NextOpening_UsesTheNewOffset_AfterNewYorkMovesClocksForwardAndBack()
    {
        var hours = WeekdayOffice("America/New_York");

        // Friday 6 March 2026 17:00 EST; daylight time starts Sunday 8 March. Friday 30 October 17:00 EDT; it ends Sunday 1 November.
        var spring = hours.NextOpening(new DateTimeOffset(2026, 3, 6, 17, 0, 0, TimeSpan.FromHours(-5)));
        var autumn = hours.NextOpening(new DateTimeOffset(2026, 10, 30, 17, 0, 0, TimeSpan.FromHours(-4)));

        Assert.Equal(new DateTimeOffset(2026, 3, 9, 13, 0, 0, TimeSpan.Zero), spring);
        Assert.Equal(TimeSpan.FromHours(-4), spring!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 14, 0, 0, TimeSpan.Zero), autumn);
        Assert.Equal(TimeSpan.FromHours(-5), autumn!.Value.Offset);
    }

    [Fact]
    public void NextOpening_OpensAtMidnight_AfterAPeriodEndingAt24()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");
        Assert.True(OpeningPeriod.TryParseList("20:00-24:00", out var evening, out _));
        Assert.True(OpeningPeriod.TryParseList("00:00-06:00", out var night, out _));
        var hours = new BusinessHours(zone, new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> { [DayOfWeek.Monday] = evening, [DayOfWeek.Tuesday] = night }, []);

        Assert.True(hours.IsOpen(new DateTimeOffset(2026, 4, 27, 23, 59, 59, s_tehran)));
        Assert.True(hours.IsOpen(new DateTimeOffset(2026, 4, 28, 0, 0, 0, s_tehran)));
        Assert.False(hours.IsOpen(new DateTimeOffset(2026, 4, 28, 6, 0, 0, s_tehran)));
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 20, 0, 0, s_tehran), hours.NextOpening(new DateTimeOffset(2026, 4, 28, 6, 0, 0, s_tehran)));
    }

    [Fact]
    public void NextOpening_IsNull_WhenTheWeekHasNoPeriod()
    {
        var hours = new BusinessHours(TimeZoneInfo.Utc, new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> { [DayOfWeek.Monday] = [] }, []);

        Assert.Null(hours.NextOpening(new DateTimeOffset(2026, 4, 26, 9, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void NextOpening_IsNull_WhenEveryOpenDayOfTheSearchIsAHoliday()
    {
        var start = new DateOnly(2026, 1, 1);
        var holidays = new List<DateOnly>();
        for (var day = 0; day <= BusinessHours.SearchDays + 2; day++)
        {
            holidays.Add(start.AddDays(day));
        }

        var hours = new BusinessHours(TimeZoneInfo.Utc, AllWeek(new OpeningPeriod(new TimeOnly(9, 0), new TimeOnly(17, 0))), holidays);

        Assert.Null(hours.NextOpening(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void NextClosing_IsTheEndOfThePeriod_WhenOpen()
    {
        var hours = TehranOffice();

        var closing = hours.NextClosing(new DateTimeOffset(2026, 4, 26, 9, 15, 0, s_tehran));

        Assert.Equal(new DateTimeOffset(2026, 4, 26, 12, 0, 0, s_tehran), closing);
        Assert.Equal(s_tehran, closing!.Value.Offset);
    }

    [Fact]
    public void NextClosing_IsTheInstantItself_WhenClosed()
    {
        var hours = TehranOffice();
        var lunch = new DateTimeOffset(2026, 4, 26, 12, 30, 0, s_tehran);

        Assert.Equal(lunch, hours.NextClosing(lunch));
    }

    [Fact]
    public void NextClosing_SpansMidnight_WhenAPeriodEndingAt24IsFollowedByOneStartingAt00()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");
        Assert.True(OpeningPeriod.TryParseList("20:00-24:00", out var evening, out _));
        Assert.True(OpeningPeriod.TryParseList("00:00-06:00", out var night, out _));
        var hours = new BusinessHours(zone, new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> { [DayOfWeek.Monday] = evening, [DayOfWeek.Tuesday] = night }, []);

        var closing = hours.NextClosing(new DateTimeOffset(2026, 4, 27, 22, 0, 0, s_tehran));

        Assert.Equal(new DateTimeOffset(2026, 4, 28, 6, 0, 0, s_tehran), closing);
    }

    [Fact]
    public void NextClosing_IsMidnight_WhenTheNextDayIsAHoliday()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");
        var allDay = new OpeningPeriod(TimeOnly.MinValue, TimeOnly.MinValue);
        Assert.True(HolidayDate.TryParse("1405/01/01", out var nowruz));
        var hours = new BusinessHours(zone, AllWeek(allDay), [nowruz]);

        // Friday 29 Esfand 1404, the eve of Nowruz.
        var closing = hours.NextClosing(new DateTimeOffset(2026, 3, 20, 15, 0, 0, s_tehran));

        Assert.Equal(new DateTimeOffset(2026, 3, 21, 0, 0, 0, s_tehran), closing);
    }

    [Fact]
    public void NextClosing_IsTheEndOfTheGap_WhenTheClosingTimeIsSkippedInBerlin()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var night = new OpeningPeriod(new TimeOnly(1, 0), new TimeOnly(2, 30));
        var hours = new BusinessHours(zone, new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> { [DayOfWeek.Sunday] = [night] }, []);

        // 02:30 does not exist on 29 March 2026: the clock jumps from 02:00 +01:00 to 03:00 +02:00 (01:00 UTC).
        var closing = hours.NextClosing(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.FromHours(1)));

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), closing);
        Assert.Equal(TimeSpan.FromHours(2), closing!.Value.Offset);
    }

    [Fact]
    public void NextClosing_IsTheFirstOccurrence_WhenTheClosingTimeRepeatsInBerlin()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var early = new OpeningPeriod(new TimeOnly(2, 0), new TimeOnly(2, 30));
        var hours = new BusinessHours(zone, new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> { [DayOfWeek.Sunday] = [early] }, []);

        // On 25 October 2026 02:00–02:59 happens twice: first at +02:00, then at +01:00.
        var first = hours.NextClosing(new DateTimeOffset(2026, 10, 25, 2, 10, 0, TimeSpan.FromHours(2)));
        var second = hours.NextClosing(new DateTimeOffset(2026, 10, 25, 2, 10, 0, TimeSpan.FromHours(1)));

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), first);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.Zero), second);
    }

    [Fact]
    public void NextClosing_IsNull_WhenOpenAroundTheClock()
    {
        var hours = new BusinessHours(TimeZoneInfo.Utc, AllWeek(new OpeningPeriod(TimeOnly.MinValue, TimeOnly.MinValue)), []);

        Assert.Null(hours.NextClosing(new DateTimeOffset(2026, 4, 26, 9, 0, 0, TimeSpan.Zero)));
    }

    private static BusinessHours TehranOffice()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");
        Assert.True(OpeningPeriod.TryParseList("08:00-12:00, 13:00-17:00", out var day, out _));
        Assert.True(OpeningPeriod.TryParseList("08:00-13:00", out var thursday, out _));
        var week = new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>>
        {
            [DayOfWeek.Saturday] = day,
            [DayOfWeek.Sunday] = day,
            [DayOfWeek.Monday] = day,
            [DayOfWeek.Tuesday] = day,
            [DayOfWeek.Wednesday] = day,
            [DayOfWeek.Thursday] = thursday,
        };
        var holidays = new List<DateOnly>();
        foreach (var text in new[] { "1405/01/01", "1405/01/02", "1405/01/03", "1405/01/04", "1405/01/12", "1405/01/13" })
        {
            Assert.True(HolidayDate.TryParse(text, out var date));
            holidays.Add(date);
        }

        return new BusinessHours(zone, week, holidays);
    }

    private static BusinessHours WeekdayOffice(string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var weekdays = AllWeek(new OpeningPeriod(new TimeOnly(9, 0), new TimeOnly(17, 0)));
        weekdays.Remove(DayOfWeek.Saturday);
        weekdays.Remove(DayOfWeek.Sunday);
        return new BusinessHours(zone, weekdays, []);
    }

    private static Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>> AllWeek(OpeningPeriod period)
    {
        var week = new Dictionary<DayOfWeek, IReadOnlyList<OpeningPeriod>>();
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            week[day] = [period];
        }

        return week;
    }
}
