using static IvrService.HappyCalls.Tests.TestPolicies;

namespace IvrService.HappyCalls.Tests;

public sealed class CallingWindowTests
{
    [Theory]
    [InlineData(8, 59, false)]
    [InlineData(9, 0, true)]
    [InlineData(19, 59, true)]
    [InlineData(20, 0, false)]
    public void IsOpen_FollowsTheDefaultWindowEdges_OnASundayInTehran(int hour, int minute, bool expected)
    {
        // Arrange
        var window = TehranWindow();

        // Act: Sunday 6 Ordibehesht 1405.
        var open = window.IsOpen(InTehran(2026, 4, 26, hour, minute));

        // Assert
        Assert.Equal(expected, open);
    }

    [Fact]
    public void IsOpen_ClosesAt13_OnThursday()
    {
        var window = TehranWindow();

        Assert.True(window.IsOpen(InTehran(2026, 4, 23, 12, 59)));
        Assert.False(window.IsOpen(InTehran(2026, 4, 23, 13, 0)));
    }

    [Fact]
    public void NextCallTime_IsSaturdayMorning_WhenDueOnFriday()
    {
        // Arrange
        var window = TehranWindow();

        // Act
        var next = window.NextCallTime(InTehran(2026, 4, 24, 10, 0));

        // Assert
        Assert.False(window.IsOpen(InTehran(2026, 4, 24, 10, 0)));
        Assert.Equal(InTehran(2026, 4, 25, 9, 0), next);
        Assert.Equal(Tehran, next!.Value.Offset);
    }

    [Fact]
    public void NextCallTime_IsTheInstantItself_WhenOpenWithTimeToSpare()
    {
        var window = TehranWindow();
        var due = InTehran(2026, 4, 26, 11, 17);

        Assert.Equal(due, window.NextCallTime(due));
    }

    [Fact]
    public void NextCallTime_IsTheNextMorning_WhenDueAfterClosing()
    {
        var window = TehranWindow();

        Assert.Equal(InTehran(2026, 4, 27, 9, 0), window.NextCallTime(InTehran(2026, 4, 26, 21, 30)));
    }

    [Fact]
    public void NextCallTime_SkipsNowruz_WhenHolidaysAreAJalaliRange()
    {
        // Arrange: 1–4 Farvardin 1405 are Saturday 21 to Tuesday 24 March 2026.
        var window = TehranWindow(o => o.Holidays = ["1405-01-01..1405-01-04"]);

        // Act: Friday 29 Esfand 1404.
        var next = window.NextCallTime(InTehran(2026, 3, 20, 10, 0));

        // Assert
        Assert.False(window.IsOpen(InTehran(2026, 3, 21, 10, 0)));
        Assert.False(window.IsOpen(InTehran(2026, 3, 24, 19, 0)));
        Assert.Equal(InTehran(2026, 3, 25, 9, 0), next);
    }

    [Fact]
    public void NextCallTime_MixesJalaliAndGregorianHolidays_InOneList()
    {
        var window = TehranWindow(o => o.Holidays = ["1405/01/12", "2026-04-02"]);

        // Tuesday 11 Farvardin after closing; Wednesday 12 and Thursday 13 Farvardin are holidays, Friday is the weekend.
        var next = window.NextCallTime(InTehran(2026, 3, 31, 20, 30));

        Assert.Equal(InTehran(2026, 4, 4, 9, 0), next);
    }

    [Fact]
    public void NextCallTime_JudgesHolidaysByTheCustomersLocalDate_WhenInLondon()
    {
        // Arrange: 13 Farvardin 1405 = Thursday 2 April 2026; London is on summer time (+01:00).
        var window = Default(o => o.Holidays = ["1405-01-13"]).WindowFor(Zone("Europe/London"));
        var bst = TimeSpan.FromHours(1);

        // Act
        var next = window.NextCallTime(new DateTimeOffset(2026, 4, 2, 8, 0, 0, bst));

        // Assert: in Tehran it is already 11:30 on the holiday; in London the holiday runs to local midnight too.
        Assert.False(window.IsOpen(new DateTimeOffset(2026, 4, 2, 10, 0, 0, bst)));
        Assert.Equal(new DateTimeOffset(2026, 4, 4, 9, 0, 0, bst), next);
    }

    [Fact]
    public void NextCallTime_UsesTheCustomersZone_WhenInNewYork()
    {
        var window = Default().WindowFor(Zone("America/New_York"));
        var edt = TimeSpan.FromHours(-4);

        // Sunday 26 April 20:00 EDT = Monday 03:30 in Tehran; the customer's Monday opens at 09:00 EDT.
        var next = window.NextCallTime(new DateTimeOffset(2026, 4, 27, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 4, 27, 9, 0, 0, edt), next);
        Assert.Equal(edt, next!.Value.Offset);
    }

    [Fact]
    public void NextCallTime_OpensAt09WithTheNewOffset_OnBerlinsSpringForwardDay()
    {
        var window = Default().WindowFor(Zone("Europe/Berlin"));

        // Saturday 28 March 2026 20:30 +01:00; Sunday 29 March clocks go to +02:00 at 02:00.
        var next = window.NextCallTime(new DateTimeOffset(2026, 3, 28, 20, 30, 0, TimeSpan.FromHours(1)));

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 7, 0, 0, TimeSpan.Zero), next);
        Assert.Equal(TimeSpan.FromHours(2), next!.Value.Offset);
    }

    [Fact]
    public void NextCallTime_IsTheEndOfTheGap_WhenTheOpeningIsSkippedOnBerlinsSpringForwardDay()
    {
        var window = Default(o => o.Window["Sunday"] = ["02:30-05:00"]).WindowFor(Zone("Europe/Berlin"));

        // 02:30 does not exist on 29 March 2026: 02:00 +01:00 is followed by 03:00 +02:00 (01:00 UTC).
        var next = window.NextCallTime(new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.FromHours(1)));

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2)), next);
    }

    [Fact]
    public void OpenFor_CountsRealTime_AcrossBerlinsSpringForward()
    {
        var window = Default(o => o.Window["Sunday"] = ["00:00-05:00"]).WindowFor(Zone("Europe/Berlin"));

        // From 00:30 +01:00 to 05:00 +02:00 the wall clock moves 4.5 hours but only 3.5 hours pass.
        var left = window.OpenFor(new DateTimeOffset(2026, 3, 29, 0, 30, 0, TimeSpan.FromHours(1)));

        Assert.Equal(TimeSpan.FromHours(3.5), left);
    }

    [Fact]
    public void NextCallTime_IsTheRepeatedHour_WhenTheFirstRunOfItEndsTooSoonOnBerlinsFallBackDay()
    {
        // Arrange: on 25 October 2026 02:00–02:59 happens at +02:00 (00:00 UTC) and again at +01:00 (01:00 UTC).
        var window = Default(o => o.Window["Sunday"] = ["02:00-02:30"]).WindowFor(Zone("Europe/Berlin"));

        // Act
        var leftInFirst = window.OpenFor(new DateTimeOffset(2026, 10, 25, 0, 10, 0, TimeSpan.Zero));
        var next = window.NextCallTime(new DateTimeOffset(2026, 10, 25, 0, 29, 0, TimeSpan.Zero));

        // Assert
        Assert.Equal(TimeSpan.FromMinutes(20), leftInFirst);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 1, 0, 0, TimeSpan.Zero), next);
        Assert.Equal(TimeSpan.FromHours(1), next!.Value.Offset);
    }

    [Fact]
    public void OpenFor_IsTheTimeToClosing_WhenOpen()
    {
        var window = TehranWindow();

        Assert.Equal(TimeSpan.FromMinutes(75), window.OpenFor(InTehran(2026, 4, 26, 18, 45)));
    }

    [Fact]
    public void OpenFor_IsNull_WhenClosed()
    {
        var window = TehranWindow();

        Assert.Null(window.OpenFor(InTehran(2026, 4, 24, 10, 0)));
    }

    [Fact]
    public void OpenFor_IsMaxValue_WhenOpenAroundTheClock()
    {
        var window = TehranWindow(o =>
        {
            foreach (var day in Enum.GetValues<DayOfWeek>())
            {
                o.Window[day.ToString()] = ["00:00-24:00"];
            }
        });

        Assert.Equal(TimeSpan.MaxValue, window.OpenFor(InTehran(2026, 4, 24, 10, 0)));
        Assert.True(window.CanStartCall(InTehran(2026, 4, 24, 23, 59)));
    }

    [Theory]
    [InlineData(19, 57, true)]
    [InlineData(19, 58, true)]
    [InlineData(19, 59, false)]
    public void CanStartCall_NeedsTwoMinutesBeforeClosing_ByDefault(int hour, int minute, bool expected)
    {
        var window = TehranWindow();

        Assert.Equal(expected, window.CanStartCall(InTehran(2026, 4, 26, hour, minute)));
    }

    [Fact]
    public void NextCallTime_IsTheNextOpening_WhenDueRightBeforeClosing()
    {
        var window = TehranWindow();

        // Sunday 19:59: one minute left, less than the two-minute margin.
        var next = window.NextCallTime(InTehran(2026, 4, 26, 19, 59));

        Assert.True(window.IsOpen(InTehran(2026, 4, 26, 19, 59)));
        Assert.Equal(InTehran(2026, 4, 27, 9, 0), next);
    }

    [Fact]
    public void NextCallTime_IsTheInstantItself_WhenDueRightBeforeClosingWithNoMargin()
    {
        var window = TehranWindow(o => o.ClosingMargin = TimeSpan.Zero);
        var due = InTehran(2026, 4, 26, 19, 59);

        Assert.Equal(due, window.NextCallTime(due));
    }

    [Fact]
    public void NextCallTime_SkipsAPeriodShorterThanTheMargin()
    {
        var window = TehranWindow(o => o.Window["Sunday"] = ["09:00-09:01", "10:00-11:00"]);

        Assert.Equal(InTehran(2026, 4, 26, 10, 0), window.NextCallTime(InTehran(2026, 4, 26, 8, 0)));
    }

    [Fact]
    public void NextCallTime_IsNull_WhenNothingOpensWithinAYear()
    {
        // Holidays from 1 January 2026 to 2 January 2027; Sunday 3 January 2027 is past the horizon.
        var window = TehranWindow(o => o.Holidays = ["2026-01-01..2026-12-31", "2027-01-01..2027-01-02"]);

        Assert.Null(window.NextCallTime(InTehran(2026, 1, 1, 0, 0)));
        Assert.Equal(InTehran(2027, 1, 3, 9, 0), window.Hours.NextOpening(InTehran(2026, 1, 1, 0, 0)));
    }
}
