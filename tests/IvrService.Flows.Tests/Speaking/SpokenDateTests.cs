using IvrService.Flows.Calendar;
using IvrService.Flows.Speaking;

namespace IvrService.Flows.Tests.Speaking;

public sealed class SpokenDateTests
{
    [Theory]
    [InlineData(2026, 4, 26, CalendarSystem.Jalali, "fa", "ششم اردیبهشت هزار و چهارصد و پنج")]
    [InlineData(2026, 3, 21, CalendarSystem.Jalali, "fa", "یکم فروردین هزار و چهارصد و پنج")]
    [InlineData(2021, 3, 20, CalendarSystem.Jalali, "fa", "سی‌ام اسفند هزار و سیصد و نود و نه")]
    [InlineData(1979, 2, 11, CalendarSystem.Jalali, "fa", "بیست و دوم بهمن هزار و سیصد و پنجاه و هفت")]
    [InlineData(2026, 3, 21, CalendarSystem.Gregorian, "fa", "بیست و یکم مارس دو هزار و بیست و شش")]
    [InlineData(2023, 12, 31, CalendarSystem.Gregorian, "fa", "سی و یکم دسامبر دو هزار و بیست و سه")]
    [InlineData(2026, 3, 21, CalendarSystem.Gregorian, "en", "March twenty-first two thousand twenty six")]
    [InlineData(2026, 4, 26, CalendarSystem.Jalali, "en", "Ordibehesht sixth one thousand four hundred five")]
    [InlineData(2023, 12, 22, CalendarSystem.Jalali, "en", "Dey first one thousand four hundred two")]
    public void Date_SpeaksDayMonthAndYear_ForTableValue(int year, int month, int day, CalendarSystem calendar, string language, string expected)
    {
        var keys = SpokenForms.Date(new DateOnly(year, month, day), calendar, language);

        Assert.Equal(expected, PromptTexts.Say(keys, language));
    }

    [Fact]
    public void Date_UsesOnlyKnownKeys_ForEveryDayOfTwoYearsInBothCalendars()
    {
        var known = new HashSet<string>(SpokenForms.Keys);
        for (var date = new DateOnly(2025, 1, 1); date < new DateOnly(2027, 1, 1); date = date.AddDays(1))
        {
            foreach (var calendar in new[] { CalendarSystem.Jalali, CalendarSystem.Gregorian })
            {
                foreach (var language in new[] { "fa", "en" })
                {
                    Assert.All(SpokenForms.Date(date, calendar, language), key => Assert.Contains(key, known));
                }
            }
        }
    }

    [Fact]
    public void Date_Throws_WhenJalaliDateIsBeforeTheCalendar()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SpokenForms.Date(new DateOnly(600, 1, 1), CalendarSystem.Jalali, "fa"));
    }
}
