using System.Globalization;
using IvrService.Flows.Speaking;

namespace IvrService.Flows.Tests.Speaking;

public sealed class SpokenAmountTests
{
    [Theory]
    [InlineData("1250000", "IRR", "fa", "یک میلیون و دویست و پنجاه هزار ریال")]
    [InlineData("125000", "IRT", "fa", "صد و بیست و پنج هزار تومان")]
    [InlineData("0", "IRR", "fa", "صفر ریال")]
    [InlineData("1500.5", "irr", "fa", "هزار و پانصد و یک ریال")]
    [InlineData("-2000", "IRT", "fa", "منفی دو هزار تومان")]
    [InlineData("12.50", "USD", "fa", "دوازده دلار و پنجاه سنت")]
    [InlineData("12.50", "USD", "en", "twelve dollars and fifty cents")]
    [InlineData("1.01", "USD", "en", "one dollar and one cent")]
    [InlineData("0.99", "EUR", "en", "ninety nine cents")]
    [InlineData("0", "EUR", "en", "zero euros")]
    [InlineData("1", "EUR", "en", "one euro")]
    [InlineData("-3.005", "USD", "en", "minus three dollars and one cent")]
    [InlineData("1250000", "IRR", "en", "one million two hundred fifty thousand rials")]
    [InlineData("1", "IRT", "en", "one toman")]
    public void Amount_SpeaksNumberAndCurrency_ForTableValue(string amount, string currency, string language, string expected)
    {
        var keys = SpokenForms.Amount(decimal.Parse(amount, CultureInfo.InvariantCulture), currency, language);

        Assert.Equal(expected, PromptTexts.Say(keys, language));
    }

    [Fact]
    public void Amount_SpeaksTrillions_AtTheTopOfTheLongRange()
    {
        var keys = SpokenForms.Amount(long.MaxValue, "IRR", "en");

        Assert.StartsWith("nine million two hundred twenty three thousand three hundred seventy two trillion", PromptTexts.Say(keys, "en"), StringComparison.Ordinal);
        Assert.Equal("currency.irr", keys[^1]);
    }

    [Fact]
    public void Amount_Throws_WhenBeyondTheLongRange()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => SpokenForms.Amount(10_000_000_000_000_000_000m, "IRR", "fa"));

        Assert.StartsWith("the amount 10000000000000000000 IRR is beyond the largest that can be spoken (9223372036854775807)", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Amount_Throws_WhenCurrencyIsUnknown()
    {
        var exception = Assert.Throws<ArgumentException>(() => SpokenForms.Amount(5, "GBP", "en"));

        Assert.StartsWith("currency 'GBP' cannot be spoken; use IRR (rial), IRT (toman), USD or EUR", exception.Message, StringComparison.Ordinal);
    }
}
