using System.Globalization;
using System.Text;
using IvrService.Flows.Definitions;
using IvrService.Flows.Speaking;

namespace IvrService.Flows.Internal;

/// <summary>
/// Turns a prompt sequence into the clips to play in a language: prompt keys as they are, numbers, digit
/// strings, dates and amounts through their spoken forms, statuses through <c>status.&lt;code&gt;</c>. Values may
/// hold <c>{variable}</c> references; an item whose variable is not set is left out.
/// </summary>
internal sealed class PromptResolver
{
    public const string UnknownStatusKey = "status.unknown";

    private readonly string _defaultLanguage;
    private readonly PromptCatalog _catalog;
    private readonly Func<string, string?> _variable;

    /// <param name="defaultLanguage">The language whose text is said when the caller's language has none.</param>
    /// <param name="catalog">The prompt texts.</param>
    /// <param name="variable">The value of a variable by name; null when it is not set.</param>
    public PromptResolver(string defaultLanguage, PromptCatalog catalog, Func<string, string?> variable)
    {
        _defaultLanguage = defaultLanguage;
        _catalog = catalog;
        _variable = variable;
    }

    public List<PromptClip> Resolve(PromptSequence sequence, string language)
    {
        var clips = new List<PromptClip>(sequence.Items.Count);
        foreach (var item in sequence.Items)
        {
            switch (item)
            {
                case PromptKeyItem { OnlyIn: { } onlyIn } when onlyIn != language:
                    break;
                case PromptKeyItem key:
                    clips.Add(Clip(key.Key, key.Language ?? language));
                    break;
                case NumberItem number when Substitute(number.Value) is { } value:
                    AddAll(clips, SpokenForms.Number(ParseNumber(value), language), language);
                    break;
                case DigitsItem digits when Substitute(digits.Value) is { } value:
                    AddAll(clips, SpokenForms.Digits(value, language), language);
                    break;
                case DateItem date when Substitute(date.Value) is { } value:
                    AddAll(clips, SpokenForms.Date(ParseDate(value), date.CalendarFor(language), language), language);
                    break;
                case AmountItem amount when Substitute(amount.Value) is { } value:
                    AddAll(clips, SpokenForms.Amount(ParseAmount(value), amount.Currency, language), language);
                    break;
                case StatusItem status when Substitute(status.Value) is { } value:
                    clips.Add(StatusClip(value, language));
                    break;
                default:
                    break;
            }
        }

        return clips;
    }

    /// <summary>The value with each <c>{name}</c> replaced by the variable; null when one is not set or empty.</summary>
    public string? Substitute(string value)
    {
        var open = value.IndexOf('{', StringComparison.Ordinal);
        if (open < 0)
        {
            return value;
        }

        var text = new StringBuilder(value.Length + 16);
        var position = 0;
        while (open >= 0)
        {
            var close = value.IndexOf('}', open + 1);
            if (close < 0)
            {
                break;
            }

            text.Append(value, position, open - position);
            var name = value.Substring(open + 1, close - open - 1).Trim();
            var resolved = _variable(name);
            if (string.IsNullOrEmpty(resolved))
            {
                return null;
            }

            text.Append(resolved);
            position = close + 1;
            open = value.IndexOf('{', position);
        }

        text.Append(value, position, value.Length - position);
        return text.ToString();
    }

    private void AddAll(List<PromptClip> clips, IReadOnlyList<string> keys, string language)
    {
        foreach (var key in keys)
        {
            clips.Add(Clip(key, language));
        }
    }

    /// <summary>
    /// The prompt of a status code; a code without one (a CRM's new status) is said as <c>status.unknown</c>
    /// rather than ending the call.
    /// </summary>
    private PromptClip StatusClip(string code, string language)
    {
        var key = "status." + code;
        return _catalog.TryGetText(language, key, out _) || _catalog.TryGetText(_defaultLanguage, key, out _)
            ? Clip(key, language)
            : Clip(UnknownStatusKey, language);
    }

    private PromptClip Clip(string key, string language)
    {
        if (_catalog.TryGetText(language, key, out var text))
        {
            return new PromptClip(language, key, text);
        }

        if (_catalog.TryGetText(_defaultLanguage, key, out text))
        {
            return new PromptClip(_defaultLanguage, key, text);
        }

        throw new InvalidOperationException(language == _defaultLanguage
            ? $"Prompt '{key}' has no text in '{language}'."
            : $"Prompt '{key}' has no text in '{language}' nor in '{_defaultLanguage}'.");
    }

    private static long ParseNumber(string value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"'{value}' is not a whole number to speak.");

    private static decimal ParseAmount(string value) =>
        decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)
            ? amount
            : throw new FormatException($"'{value}' is not an amount to speak.");

    private static DateOnly ParseDate(string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new FormatException($"'{value}' is not a date (yyyy-MM-dd) to speak.");
}
