namespace IvrService.Flows.Speaking.Internal;

/// <summary>
/// A currency that can be spoken: its code, how many minor-unit digits are spoken (0 for the rial and the toman,
/// whose fractions are not used), and the prompt keys of its units: <c>currency.&lt;code&gt;</c> (several),
/// <c>currency.&lt;code&gt;.one</c> (exactly one), and the same with <c>.minor</c> for the minor unit.
/// </summary>
internal sealed record CurrencyUnit(string Code, int MinorDigits)
{
    public static IReadOnlyList<CurrencyUnit> All { get; } =
    [
        new("IRR", 0),
        new("IRT", 0),
        new("USD", 2),
        new("EUR", 2),
    ];

    public string MajorKey { get; } = "currency." + Code.ToLowerInvariant();

    public string MajorOneKey { get; } = "currency." + Code.ToLowerInvariant() + ".one";

    public string? MinorKey { get; } = MinorDigits > 0 ? "currency." + Code.ToLowerInvariant() + ".minor" : null;

    public string? MinorOneKey { get; } = MinorDigits > 0 ? "currency." + Code.ToLowerInvariant() + ".minor.one" : null;

    public static CurrencyUnit Find(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        foreach (var unit in All)
        {
            if (unit.Code.Equals(code.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return unit;
            }
        }

        throw new ArgumentException($"currency '{code}' cannot be spoken; use IRR (rial), IRT (toman), USD or EUR", nameof(code));
    }
}
