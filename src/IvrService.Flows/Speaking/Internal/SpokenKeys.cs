using System.Globalization;

namespace IvrService.Flows.Speaking.Internal;

/// <summary>The prompt keys of spoken numbers, digits, dates and amounts (the scheme is described on <see cref="SpokenForms"/>).</summary>
internal static class SpokenKeys
{
    public const string Thousand = "number.thousand";
    public const string Million = "number.million";
    public const string Billion = "number.billion";
    public const string Trillion = "number.trillion";
    public const string And = "word.and";
    public const string Minus = "word.minus";
    public const string DigitStar = "digit.star";
    public const string DigitHash = "digit.hash";
    public const string DigitPlus = "digit.plus";

    /// <summary>number.0 … number.19, then number.20, number.30 … number.90 at their value's index.</summary>
    private static readonly string[] s_belowHundred = Numbered("number.", 100);

    private static readonly string[] s_digits = Numbered("digit.", 10);

    private static readonly string[] s_ordinals = Numbered("ordinal.", 32);

    private static readonly string[] s_jalaliMonths = Numbered("month.jalali.", 13);

    private static readonly string[] s_gregorianMonths = Numbered("month.gregorian.", 13);

    private static readonly string[] s_hundreds = Numbered("number.", 10, step: 100);

    /// <summary>Every key the spoken forms can return, in a stable order.</summary>
    public static IReadOnlyList<string> All { get; } = BuildAll();

    /// <summary>number.0 … number.19, number.20 … number.90 (tens only).</summary>
    public static string BelowHundred(int value) => s_belowHundred[value];

    /// <summary>number.100 … number.900.</summary>
    public static string Hundreds(int hundreds) => s_hundreds[hundreds];

    public static string Digit(int digit) => s_digits[digit];

    public static string Ordinal(int day) => s_ordinals[day];

    public static string JalaliMonth(int month) => s_jalaliMonths[month];

    public static string GregorianMonth(int month) => s_gregorianMonths[month];

    private static string[] Numbered(string prefix, int count, int step = 1)
    {
        var keys = new string[count];
        for (var i = 0; i < count; i++)
        {
            keys[i] = prefix + (i * step).ToString(CultureInfo.InvariantCulture);
        }

        return keys;
    }

    private static List<string> BuildAll()
    {
        var all = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            all.Add(s_belowHundred[i]);
        }

        for (var tens = 20; tens < 100; tens += 10)
        {
            all.Add(s_belowHundred[tens]);
        }

        for (var hundreds = 1; hundreds < 10; hundreds++)
        {
            all.Add(s_hundreds[hundreds]);
        }

        all.AddRange([Thousand, Million, Billion, Trillion, And, Minus]);
        all.AddRange(s_digits);
        all.AddRange([DigitStar, DigitHash, DigitPlus]);
        for (var day = 1; day <= 31; day++)
        {
            all.Add(s_ordinals[day]);
        }

        for (var month = 1; month <= 12; month++)
        {
            all.Add(s_jalaliMonths[month]);
        }

        for (var month = 1; month <= 12; month++)
        {
            all.Add(s_gregorianMonths[month]);
        }

        foreach (var currency in CurrencyUnit.All)
        {
            all.Add(currency.MajorKey);
            all.Add(currency.MajorOneKey);
            if (currency.MinorKey is not null && currency.MinorOneKey is not null)
            {
                all.Add(currency.MinorKey);
                all.Add(currency.MinorOneKey);
            }
        }

        return all;
    }
}
