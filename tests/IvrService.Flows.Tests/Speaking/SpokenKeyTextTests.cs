using IvrService.Flows.Speaking;

namespace IvrService.Flows.Tests.Speaking;

public sealed class SpokenKeyTextTests
{
    [Theory]
    [InlineData("fa")]
    [InlineData("en")]
    public void Keys_HaveANonEmptyText_InThePromptFileOfEachLanguage(string language)
    {
        var texts = PromptTexts.For(language);
        var missing = new List<string>();
        foreach (var key in SpokenForms.Keys)
        {
            if (!texts.TryGetValue(key, out var text) || string.IsNullOrWhiteSpace(text))
            {
                missing.Add(key);
            }
        }

        Assert.True(missing.Count == 0, $"prompts/{language}/prompts.yaml has no text for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Keys_CoverEveryKeyFamily_OfTheScheme()
    {
        var keys = new HashSet<string>(SpokenForms.Keys);
        var expected = new List<string>();
        for (var n = 0; n < 20; n++)
        {
            expected.Add($"number.{n}");
        }

        for (var n = 20; n < 100; n += 10)
        {
            expected.Add($"number.{n}");
        }

        for (var n = 100; n < 1000; n += 100)
        {
            expected.Add($"number.{n}");
        }

        for (var n = 0; n < 10; n++)
        {
            expected.Add($"digit.{n}");
        }

        for (var n = 1; n <= 31; n++)
        {
            expected.Add($"ordinal.{n}");
        }

        for (var n = 1; n <= 12; n++)
        {
            expected.Add($"month.jalali.{n}");
            expected.Add($"month.gregorian.{n}");
        }

        expected.AddRange(["number.thousand", "number.million", "number.billion", "number.trillion", "word.and", "word.minus", "digit.star", "digit.hash", "digit.plus"]);
        foreach (var code in new[] { "irr", "irt", "usd", "eur" })
        {
            expected.Add($"currency.{code}");
            expected.Add($"currency.{code}.one");
        }

        expected.AddRange(["currency.usd.minor", "currency.usd.minor.one", "currency.eur.minor", "currency.eur.minor.one"]);

        Assert.Equal(expected.Count, keys.Count);
        Assert.All(expected, key => Assert.Contains(key, keys));
    }

    [Fact]
    public void Amount_UsesOnlyKnownKeys_ForEveryCurrencyAndLanguage()
    {
        var known = new HashSet<string>(SpokenForms.Keys);
        foreach (var currency in new[] { "IRR", "IRT", "USD", "EUR" })
        {
            foreach (var language in new[] { "fa", "en" })
            {
                foreach (var amount in new[] { 0m, 1m, 0.01m, 1.01m, 2.5m, -7m, 1_250_000m })
                {
                    Assert.All(SpokenForms.Amount(amount, currency, language), key => Assert.Contains(key, known));
                }
            }
        }
    }
}
