namespace IvrService.Flows.Speaking.Internal;

/// <summary>Spells whole numbers as prompt keys, group by group (units, thousands, millions, billions, trillions).</summary>
internal static class NumberWords
{
    private const ulong Thousand = 1_000;
    private const ulong Million = 1_000_000;
    private const ulong Billion = 1_000_000_000;
    private const ulong Trillion = 1_000_000_000_000;

    public static void Add(long value, SpokenLanguage language, List<string> keys)
    {
        if (value < 0)
        {
            keys.Add(SpokenKeys.Minus);
        }

        // -(long.MinValue) does not fit in a long; its magnitude does fit in a ulong.
        var magnitude = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        AddMagnitude(magnitude, language, keys);
    }

    public static void AddMagnitude(ulong value, SpokenLanguage language, List<string> keys)
    {
        if (value == 0)
        {
            keys.Add(SpokenKeys.BelowHundred(0));
            return;
        }

        var first = true;

        // Beyond trillions the count of trillions is itself spelled out ("nine million … trillion").
        AddGroup(value / Trillion, SpokenKeys.Trillion, language, keys, ref first);
        AddGroup(value % Trillion / Billion, SpokenKeys.Billion, language, keys, ref first);
        AddGroup(value % Billion / Million, SpokenKeys.Million, language, keys, ref first);
        AddGroup(value % Million / Thousand, SpokenKeys.Thousand, language, keys, ref first);
        AddGroup(value % Thousand, scaleKey: null, language, keys, ref first);
    }

    private static void AddGroup(ulong count, string? scaleKey, SpokenLanguage language, List<string> keys, ref bool first)
    {
        if (count == 0)
        {
            return;
        }

        var persian = language == SpokenLanguage.Persian;
        if (!first && persian)
        {
            keys.Add(SpokenKeys.And);
        }

        first = false;

        // Persian says «هزار» for one thousand, not «یک هزار».
        var omitOne = persian && count == 1 && scaleKey == SpokenKeys.Thousand;
        if (!omitOne)
        {
            if (count < Thousand)
            {
                AddBelowThousand((int)count, persian, keys);
            }
            else
            {
                AddMagnitude(count, language, keys);
            }
        }

        if (scaleKey is not null)
        {
            keys.Add(scaleKey);
        }
    }

    private static void AddBelowThousand(int value, bool persian, List<string> keys)
    {
        var hundreds = value / 100;
        var rest = value % 100;
        if (hundreds > 0)
        {
            keys.Add(SpokenKeys.Hundreds(hundreds));
            if (rest > 0 && persian)
            {
                keys.Add(SpokenKeys.And);
            }
        }

        if (rest == 0)
        {
            return;
        }

        if (rest < 20)
        {
            keys.Add(SpokenKeys.BelowHundred(rest));
            return;
        }

        keys.Add(SpokenKeys.BelowHundred(rest / 10 * 10));
        if (rest % 10 > 0)
        {
            if (persian)
            {
                keys.Add(SpokenKeys.And);
            }

            keys.Add(SpokenKeys.BelowHundred(rest % 10));
        }
    }
}
