using IvrService.Flows.Calendar;
using IvrService.Flows.Speaking.Internal;

namespace IvrService.Flows.Speaking;

/// <summary>
/// Turns numbers, digit strings, dates and amounts into the prompt keys that speak them, in Persian or English
/// (e.g. 1,250,000 in fa → number.1, number.million, word.and, number.200, word.and, number.50, number.thousand).
/// Digits are never handed to text-to-speech. Every key returned (see <see cref="Keys"/>) has a text in both
/// <c>prompts/fa/prompts.yaml</c> and <c>prompts/en/prompts.yaml</c>.
/// <para>Key scheme, the same in both languages:</para>
/// <list type="bullet">
/// <item><c>number.0</c> … <c>number.19</c>, the tens <c>number.20</c> … <c>number.90</c>, the hundreds
/// <c>number.100</c> … <c>number.900</c> (one word each in Persian: صد، دویست، سیصد…; "one hundred" … in English),
/// and the scales <c>number.thousand</c>, <c>number.million</c>, <c>number.billion</c> (میلیارد),
/// <c>number.trillion</c>. Numbers beyond trillions say how many trillions ("nine million … trillion").</item>
/// <item><c>word.and</c> («و»): Persian joins the groups and the parts inside a group with it
/// («یک میلیون و دویست و پنجاه هزار»); English does not ("one million two hundred fifty thousand", and 21 is
/// <c>number.20</c> <c>number.1</c>). Persian says «هزار», not «یک هزار», for one thousand.
/// <c>word.minus</c> starts a negative number.</item>
/// <item><c>digit.0</c> … <c>digit.9</c>, <c>digit.star</c>, <c>digit.hash</c>, <c>digit.plus</c> for digit strings.</item>
/// <item>Dates: <c>ordinal.1</c> … <c>ordinal.31</c> for the day, <c>month.jalali.1</c> … <c>month.jalali.12</c>
/// (Farvardin … Esfand) or <c>month.gregorian.1</c> … <c>month.gregorian.12</c>, and the year as a number.
/// Persian: day, month, year («ششم اردیبهشت هزار و چهارصد و پنج»); English: month, day, year
/// ("March twenty-first, two thousand twenty-six", "Ordibehesht sixth, one thousand four hundred five").</item>
/// <item>Amounts: the number then <c>currency.&lt;code&gt;</c> (plural) or <c>currency.&lt;code&gt;.one</c>
/// (exactly one), and for USD and EUR <c>word.and</c> with the cents as <c>currency.&lt;code&gt;.minor</c> or
/// <c>currency.&lt;code&gt;.minor.one</c> ("twelve dollars and fifty cents"). Codes: irr (ریال), irt (تومان),
/// usd, eur. Rial and toman amounts are rounded to whole units, dollars and euros to cents (half away from zero).</item>
/// </list>
/// Languages are "fa" or "en", optionally tagged ("fa-IR", "en-US"); any other is an <see cref="ArgumentException"/>.
/// </summary>
public static class SpokenForms
{
    /// <summary>Every key these methods can return.</summary>
    public static IReadOnlyList<string> Keys => SpokenKeys.All;

    /// <summary>A whole number in words: 0, negatives, and the whole <see cref="long"/> range.</summary>
    public static IReadOnlyList<string> Number(long value, string language)
    {
        var spoken = SpokenLanguages.Parse(language);
        var keys = new List<string>();
        NumberWords.Add(value, spoken, keys);
        return keys;
    }

    /// <summary>
    /// A digit string digit by digit ("0912…"); ASCII, Persian and Arabic-Indic digits, <c>*</c>, <c>#</c> and
    /// <c>+</c> are spoken; spaces, dashes, dots and parentheses are skipped; anything else is an <see cref="ArgumentException"/>
    /// naming the character and its position.
    /// </summary>
    public static IReadOnlyList<string> Digits(string digits, string language)
    {
        ArgumentNullException.ThrowIfNull(digits);
        SpokenLanguages.Parse(language);
        var keys = new List<string>(digits.Length);
        for (var i = 0; i < digits.Length; i++)
        {
            var c = digits[i];
            switch (c)
            {
                case >= '0' and <= '9':
                    keys.Add(SpokenKeys.Digit(c - '0'));
                    break;
                case >= '\u06F0' and <= '\u06F9':
                    keys.Add(SpokenKeys.Digit(c - '\u06F0'));
                    break;
                case >= '\u0660' and <= '\u0669':
                    keys.Add(SpokenKeys.Digit(c - '\u0660'));
                    break;
                case '*':
                    keys.Add(SpokenKeys.DigitStar);
                    break;
                case '#':
                    keys.Add(SpokenKeys.DigitHash);
                    break;
                case '+':
                    keys.Add(SpokenKeys.DigitPlus);
                    break;
                case ' ' or '-' or '.' or '(' or ')':
                    break;
                default:
                    throw new ArgumentException($"'{digits}' cannot be spoken as digits: '{c}' at position {i + 1} is not a digit, *, # or +", nameof(digits));
            }
        }

        return keys;
    }

    /// <summary>A date in the Jalali or Gregorian calendar (see the class comment for the word order).</summary>
    public static IReadOnlyList<string> Date(DateOnly date, CalendarSystem calendar, string language)
    {
        var spoken = SpokenLanguages.Parse(language);
        int year, month, day;
        string monthKey;
        switch (calendar)
        {
            case CalendarSystem.Jalali:
                var jalali = JalaliDate.FromGregorian(date);
                (year, month, day) = (jalali.Year, jalali.Month, jalali.Day);
                monthKey = SpokenKeys.JalaliMonth(month);
                break;
            case CalendarSystem.Gregorian:
                (year, month, day) = (date.Year, date.Month, date.Day);
                monthKey = SpokenKeys.GregorianMonth(month);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(calendar), calendar, $"calendar {calendar} cannot be spoken; use Jalali or Gregorian");
        }

        var keys = new List<string>();
        if (spoken == SpokenLanguage.Persian)
        {
            keys.Add(SpokenKeys.Ordinal(day));
            keys.Add(monthKey);
        }
        else
        {
            keys.Add(monthKey);
            keys.Add(SpokenKeys.Ordinal(day));
        }

        NumberWords.Add(year, spoken, keys);
        return keys;
    }

    /// <summary>
    /// An amount of money in IRR (rial), IRT (toman), USD or EUR; see the class comment. An amount whose whole
    /// part is beyond <see cref="long.MaxValue"/> is an <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    public static IReadOnlyList<string> Amount(decimal amount, string currency, string language)
    {
        var spoken = SpokenLanguages.Parse(language);
        var unit = CurrencyUnit.Find(currency);
        var rounded = Math.Round(amount, unit.MinorDigits, MidpointRounding.AwayFromZero);
        var magnitude = Math.Abs(rounded);
        var whole = decimal.Truncate(magnitude);
        if (whole > long.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, $"the amount {amount} {unit.Code} is beyond the largest that can be spoken ({long.MaxValue})");
        }

        var major = (long)whole;
        var minor = (long)((magnitude - whole) * Pow10(unit.MinorDigits));
        var keys = new List<string>();
        if (rounded < 0)
        {
            keys.Add(SpokenKeys.Minus);
        }

        if (major > 0 || minor == 0)
        {
            NumberWords.Add(major, spoken, keys);
            keys.Add(major == 1 ? unit.MajorOneKey : unit.MajorKey);
        }

        if (minor > 0 && unit.MinorKey is not null && unit.MinorOneKey is not null)
        {
            if (major > 0)
            {
                keys.Add(SpokenKeys.And);
            }

            NumberWords.Add(minor, spoken, keys);
            keys.Add(minor == 1 ? unit.MinorOneKey : unit.MinorKey);
        }

        return keys;
    }

    private static decimal Pow10(int digits)
    {
        var result = 1m;
        for (var i = 0; i < digits; i++)
        {
            result *= 10;
        }

        return result;
    }
}
