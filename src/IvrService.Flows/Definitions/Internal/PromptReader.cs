using System.Globalization;
using System.Text.RegularExpressions;
using IvrService.Flows.Calendar;
using IvrService.Flows.Internal;

namespace IvrService.Flows.Definitions.Internal;

/// <summary>
/// Reads what a node says: a prompt key, or a list whose items are a key or one of
/// <c>{prompt: key}</c> (<c>language: en</c> says it in that language always, <c>only_in: fa</c> only to callers served in fa), <c>{number: …}</c>, <c>{digits: …}</c>, <c>{date: …, calendar: jalali|gregorian|auto}</c>,
/// <c>{amount: …, currency: IRR}</c>, <c>{status: …}</c>.
/// </summary>
internal static partial class PromptReader
{
    private static readonly string[] ItemKinds = ["prompt", "number", "digits", "date", "amount", "status"];

    public static PromptSequence? Read(FlowReadState state, MapReader map, string field, bool required, string fromNode)
    {
        var node = map.Get(field, required);
        return node is null ? null : Read(state, node, map.PathOf(field), fromNode);
    }

    public static PromptSequence? Read(FlowReadState state, DocNode node, string path, string fromNode)
    {
        if (node is DocScalar)
        {
            return Key(state, node, path) is { } key ? PromptSequence.Of(new PromptKeyItem(key)) : null;
        }

        if (node is not DocSequence { Items.Count: > 0 } list)
        {
            state.Problems.Add(path, $"a prompt is a key or a list of items, not a {(node is DocSequence ? "empty list" : node.Kind)}", node.Location);
            return null;
        }

        var items = new List<PromptItem>();
        var failed = false;
        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = Item(state, list.Items[i], $"{path}.{i}", fromNode);
            if (item is null)
            {
                failed = true;
            }
            else
            {
                items.Add(item);
            }
        }

        return failed ? null : new PromptSequence(items);
    }

    private static PromptItem? Item(FlowReadState state, DocNode node, string path, string fromNode)
    {
        if (node is DocScalar)
        {
            return Key(state, node, path) is { } key ? new PromptKeyItem(key) : null;
        }

        if (node is not DocMapping mapping)
        {
            state.Problems.Add(path, $"a prompt item is a key or a mapping such as {{number: \"{{amount}}\"}}, not a {node.Kind}", node.Location);
            return null;
        }

        var map = new MapReader(mapping, path, "a prompt item", state.Problems);
        var kinds = ItemKinds.Where(map.Has).ToList();
        if (kinds.Count != 1)
        {
            var reason = kinds.Count == 0
                ? $"a prompt item needs one of: {string.Join(", ", ItemKinds)}"
                : $"a prompt item says one thing; it has {string.Join(" and ", kinds)}";
            state.Problems.Add(path, reason, node.Location);
            return null;
        }

        var kind = kinds[0];
        map.RejectUnknown(kind switch
        {
            "date" => ["date", "calendar"],
            "amount" => ["amount", "currency"],
            "prompt" => ["prompt", "language", "only_in"],
            _ => [kind],
        });
        var value = map.Get(kind, true)!;
        var valuePath = map.PathOf(kind);
        switch (kind)
        {
            case "prompt":
                var language = state.Text(map, "language", false);
                var onlyIn = state.Text(map, "only_in", false);
                return Key(state, value, valuePath, language, onlyIn) is { } key ? new PromptKeyItem(key) { Language = language, OnlyIn = onlyIn } : null;
            case "number":
                return state.LiteralOrVariable(value, valuePath, fromNode, NumberFormat(), "a whole number") is { } number
                    ? new NumberItem(number) : null;
            case "digits":
                return state.LiteralOrVariable(value, valuePath, fromNode, DigitsFormat(), "a digit string (0-9, * and #)") is { } digits
                    ? new DigitsItem(digits) : null;
            case "date":
                var calendarName = state.Text(map, "calendar", false) ?? "auto";
                var knownCalendar = calendarName is "jalali" or "gregorian" or "auto";
                CalendarSystem? calendar = calendarName switch
                {
                    "jalali" => CalendarSystem.Jalali,
                    "gregorian" => CalendarSystem.Gregorian,
                    _ => null,
                };
                if (!knownCalendar)
                {
                    state.Problems.Add(map.PathOf("calendar"), $"calendar '{calendarName}' is not jalali, gregorian or auto", map.Get("calendar", false)!.Location);
                }

                var date = state.LiteralOrVariable(value, valuePath, fromNode, DateFormat(), "a date written yyyy-MM-dd");
                if (date is not null && !date.StartsWith('{') && !HolidayDate.TryParse(date, out _, out var dateError))
                {
                    state.Problems.Add(valuePath, dateError, value.Location);
                    return null;
                }

                return date is null || !knownCalendar ? null : new DateItem(date, calendar);
            case "amount":
                var currency = state.Formatted(map, "currency", false, CurrencyFormat(), "a currency code of three capital letters such as IRR, IRT or USD");
                if (currency is null && map.Has("currency"))
                {
                    return null;
                }

                return state.LiteralOrVariable(value, valuePath, fromNode, AmountFormat(), "an amount such as 1250000 or 12.50") is { } amount
                    ? new AmountItem(amount, currency ?? "IRR") : null;
            default:
                var status = state.LiteralOrVariable(value, valuePath, fromNode, StatusFormat(), "a status code such as in_progress");
                if (status is not null && !status.StartsWith('{'))
                {
                    state.Prompts.Add(new PromptReference(string.Create(CultureInfo.InvariantCulture, $"status.{status}"), valuePath, value.Location));
                }

                return status is null ? null : new StatusItem(status);
        }
    }

    private static string? Key(FlowReadState state, DocNode node, string path, string? language = null, string? onlyIn = null)
    {
        if (node is DocScalar { IsNull: false } scalar && PromptCatalog.KeyFormat().IsMatch(scalar.Value))
        {
            state.Prompts.Add(new PromptReference(scalar.Value, path, node.Location, language, onlyIn));
            return scalar.Value;
        }

        var shown = node is DocScalar s ? $"'{s.Value}'" : $"a {node.Kind}";
        state.Problems.Add(path, $"{shown} is not a prompt key; a key is letters, digits, '_', '-' and '.'", node.Location);
        return null;
    }

    [GeneratedRegex("^-?[0-9]{1,18}$")]
    private static partial Regex NumberFormat();

    [GeneratedRegex("^[0-9*#]{1,64}$")]
    private static partial Regex DigitsFormat();

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    private static partial Regex DateFormat();

    [GeneratedRegex(@"^[0-9]{1,18}(\.[0-9]{1,4})?$")]
    private static partial Regex AmountFormat();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyFormat();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex StatusFormat();
}
