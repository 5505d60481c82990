using IvrService.Flows.Speaking;

namespace IvrService.Flows.Tests.Speaking;

public sealed class SpokenDigitsTests
{
    [Theory]
    [InlineData("0912", "fa", "صفر نه یک دو")]
    [InlineData("۰۹۱۲", "fa", "صفر نه یک دو")]
    [InlineData("+98 21-555", "fa", "به‌علاوه نه هشت دو یک پنج پنج پنج")]
    [InlineData("12345#", "en", "one two three four five hash")]
    [InlineData("*100", "en", "star one zero zero")]
    [InlineData("(021) 5.5", "en", "zero two one five five")]
    public void Digits_SpeaksEachDigit_ForTableValue(string digits, string language, string expected)
    {
        var keys = SpokenForms.Digits(digits, language);

        Assert.Equal(expected, PromptTexts.Say(keys, language));
    }

    [Fact]
    public void Digits_IsEmpty_WhenTheStringIsEmpty()
    {
        Assert.Empty(SpokenForms.Digits(string.Empty, "fa"));
    }

    [Fact]
    public void Digits_ThrowsNamingTheCharacterAndPosition_WhenNotADigit()
    {
        var exception = Assert.Throws<ArgumentException>(() => SpokenForms.Digits("12a4", "en"));

        Assert.StartsWith("'12a4' cannot be spoken as digits: 'a' at position 3 is not a digit, *, # or +", exception.Message, StringComparison.Ordinal);
    }
}
