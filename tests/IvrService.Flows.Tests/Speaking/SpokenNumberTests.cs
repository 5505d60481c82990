using IvrService.Flows.Speaking;

namespace IvrService.Flows.Tests.Speaking;

public sealed class SpokenNumberTests
{
    [Theory]
    [InlineData(0, "صفر")]
    [InlineData(7, "هفت")]
    [InlineData(13, "سیزده")]
    [InlineData(20, "بیست")]
    [InlineData(21, "بیست و یک")]
    [InlineData(100, "صد")]
    [InlineData(101, "صد و یک")]
    [InlineData(110, "صد و ده")]
    [InlineData(250, "دویست و پنجاه")]
    [InlineData(999, "نهصد و نود و نه")]
    [InlineData(1000, "هزار")]
    [InlineData(1001, "هزار و یک")]
    [InlineData(1200, "هزار و دویست")]
    [InlineData(2025, "دو هزار و بیست و پنج")]
    [InlineData(10_000, "ده هزار")]
    [InlineData(100_000, "صد هزار")]
    [InlineData(101_000, "صد و یک هزار")]
    [InlineData(1_000_000, "یک میلیون")]
    [InlineData(1_001_000, "یک میلیون و هزار")]
    [InlineData(1_250_000, "یک میلیون و دویست و پنجاه هزار")]
    [InlineData(3_000_000_005, "سه میلیارد و پنج")]
    [InlineData(1_000_000_000_000, "یک تریلیون")]
    [InlineData(-15, "منفی پانزده")]
    public void Number_SpeaksPersianWords_ForTableValue(long value, string expected)
    {
        var keys = SpokenForms.Number(value, "fa");

        Assert.Equal(expected, PromptTexts.Say(keys, "fa"));
    }

    [Theory]
    [InlineData(0, "zero")]
    [InlineData(7, "seven")]
    [InlineData(13, "thirteen")]
    [InlineData(21, "twenty one")]
    [InlineData(100, "one hundred")]
    [InlineData(110, "one hundred ten")]
    [InlineData(999, "nine hundred ninety nine")]
    [InlineData(1000, "one thousand")]
    [InlineData(1001, "one thousand one")]
    [InlineData(1200, "one thousand two hundred")]
    [InlineData(2026, "two thousand twenty six")]
    [InlineData(1_250_000, "one million two hundred fifty thousand")]
    [InlineData(3_000_000_005, "three billion five")]
    [InlineData(1_000_000_000_000, "one trillion")]
    [InlineData(-15, "minus fifteen")]
    public void Number_SpeaksEnglishWords_ForTableValue(long value, string expected)
    {
        var keys = SpokenForms.Number(value, "en");

        Assert.Equal(expected, PromptTexts.Say(keys, "en"));
    }

    [Fact]
    public void Number_GivesTheKeysOfTheClassComment_For1250000InPersian()
    {
        var keys = SpokenForms.Number(1_250_000, "fa-IR");

        Assert.Equal(["number.1", "number.million", "word.and", "number.200", "word.and", "number.50", "number.thousand"], keys);
    }

    [Fact]
    public void Number_CountsTrillions_BeyondTheLastScaleWord()
    {
        Assert.Equal(
            "نه میلیون و دویست و بیست و سه هزار و سیصد و هفتاد و دو تریلیون و سی و شش میلیارد و هشتصد و پنجاه و چهار میلیون و هفتصد و هفتاد و پنج هزار و هشتصد و هفت",
            PromptTexts.Say(SpokenForms.Number(long.MaxValue, "fa"), "fa"));
        Assert.Equal(
            "minus nine million two hundred twenty three thousand three hundred seventy two trillion thirty six billion eight hundred fifty four million seven hundred seventy five thousand eight hundred eight",
            PromptTexts.Say(SpokenForms.Number(long.MinValue, "en"), "en"));
        Assert.Equal("هزار و یک تریلیون", PromptTexts.Say(SpokenForms.Number(1_001_000_000_000_000, "fa"), "fa"));
    }

    [Fact]
    public void Number_UsesOnlyKnownKeys_ForEveryValueBelowTwoThousand()
    {
        var known = new HashSet<string>(SpokenForms.Keys);
        for (var value = -1; value < 2000; value++)
        {
            foreach (var language in new[] { "fa", "en" })
            {
                var keys = SpokenForms.Number(value, language);

                Assert.NotEmpty(keys);
                Assert.All(keys, key => Assert.Contains(key, known));
            }
        }
    }

    [Fact]
    public void Number_Throws_WhenLanguageHasNoSpokenForms()
    {
        var exception = Assert.Throws<ArgumentException>(() => SpokenForms.Number(5, "de"));

        Assert.StartsWith("language 'de' has no spoken forms for numbers, dates and amounts; use fa or en", exception.Message, StringComparison.Ordinal);
    }
}
