using IvrService.Flows.Calendar;

namespace IvrService.Flows.Tests.Calendar;

public sealed class OpeningPeriodTests
{
    [Fact]
    public void TryParseList_GivesPeriodsInOrder_WhenListIsValid()
    {
        var parsed = OpeningPeriod.TryParseList("13:00-17:00, 08:00 - 12:00", out var periods, out var error);

        Assert.True(parsed, error);
        Assert.Equal(
            [new OpeningPeriod(new TimeOnly(8, 0), new TimeOnly(12, 0)), new OpeningPeriod(new TimeOnly(13, 0), new TimeOnly(17, 0))],
            periods);
    }

    [Fact]
    public void TryParseList_AcceptsEndOfDayAndPersianDigits_WhenWrittenSo()
    {
        var parsed = OpeningPeriod.TryParseList("۰۸:۰۰-۱۲:۰۰، 20:00-24:00", out var periods, out var error);

        Assert.True(parsed, error);
        Assert.NotNull(periods);
        Assert.Equal(2, periods.Count);
        Assert.True(periods[1].EndsAtMidnight);
        Assert.Equal("20:00-24:00", periods[1].ToString());
        Assert.True(periods[1].Contains(new TimeOnly(23, 59, 59)));
        Assert.False(periods[1].Contains(new TimeOnly(19, 59)));
    }

    [Fact]
    public void Contains_IsTrueAtStartAndFalseAtEnd()
    {
        var period = new OpeningPeriod(new TimeOnly(8, 0), new TimeOnly(17, 0));

        Assert.False(period.Contains(new TimeOnly(7, 59, 59)));
        Assert.True(period.Contains(new TimeOnly(8, 0)));
        Assert.True(period.Contains(new TimeOnly(16, 59, 59)));
        Assert.False(period.Contains(new TimeOnly(17, 0)));
    }

    [Theory]
    [InlineData("", "the opening periods are empty: expected a list such as 08:00-12:00, 13:00-17:00")]
    [InlineData("08:00-12:00,", "'08:00-12:00,' has an empty entry: expected a list such as 08:00-12:00, 13:00-17:00")]
    [InlineData("8-12", "'8-12' is not an opening period: the start '8' is not a time from 00:00 to 23:59")]
    [InlineData("08:00", "'08:00' is not an opening period: expected start-end such as 08:00-17:00")]
    [InlineData("24:00-24:00", "'24:00-24:00' is not an opening period: the start '24:00' is not a time from 00:00 to 23:59")]
    [InlineData("08:00-25:00", "'08:00-25:00' is not an opening period: the end '25:00' is not a time from 00:01 to 24:00")]
    [InlineData("22:00-06:00", "'22:00-06:00' is not an opening period: it ends before it starts (a period over midnight is written as two, ending at 24:00 and starting at 00:00)")]
    [InlineData("08:00-12:00, 11:00-13:00", "'08:00-12:00, 11:00-13:00': the periods 08:00-12:00 and 11:00-13:00 overlap")]
    public void TryParseList_ExplainsTheProblem_WhenListIsBad(string text, string expected)
    {
        var parsed = OpeningPeriod.TryParseList(text, out var periods, out var error);

        Assert.False(parsed);
        Assert.Null(periods);
        Assert.Equal(expected, error);
    }
}
