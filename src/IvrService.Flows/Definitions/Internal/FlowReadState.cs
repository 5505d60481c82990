using System.Globalization;
using System.Text.RegularExpressions;
using IvrService.Flows.Internal;

namespace IvrService.Flows.Definitions.Internal;

/// <summary>
/// What reading one flow file gathers: its problems and the references the checks after reading need, with
/// readers for the value kinds every node type shares (text, targets, durations, keys, numbers, variables).
/// </summary>
internal sealed partial class FlowReadState(ProblemList problems)
{
    /// <summary>The variables the engine sets on every call or after a lookup, request, message or callback.</summary>
    public static readonly IReadOnlyList<string> BuiltInVariables =
    [
        "caller", "called", "language",
        "request.number", "request.status", "request.status_date", "request.visit_date", "request.technician", "request.product_code",
        "message.id", "callback.id",
    ];

    public ProblemList Problems { get; } = problems;

    public List<TargetReference> Targets { get; } = [];

    public List<PromptReference> Prompts { get; } = [];

    public List<VariableReference> Variables { get; } = [];

    /// <summary>Variables filled by collect nodes.</summary>
    public HashSet<string> CollectedVariables { get; } = new(StringComparer.Ordinal);

    public string? Text(MapReader map, string field, bool required)
    {
        var node = map.Get(field, required);
        if (node is null)
        {
            return null;
        }

        if (node is DocScalar scalar)
        {
            return scalar.Value;
        }

        Problems.Add(map.PathOf(field), $"'{field}' must be a single value, not a {node.Kind}", node.Location);
        return null;
    }

    /// <summary>A text that must match a format; <paramref name="help"/> completes "'x' is not …".</summary>
    public string? Formatted(MapReader map, string field, bool required, Regex format, string help)
    {
        var text = Text(map, field, required);
        if (text is null)
        {
            return null;
        }

        if (format.IsMatch(text))
        {
            return text;
        }

        Problems.Add(map.PathOf(field), $"'{text}' is not {help}", map.Get(field, false)!.Location);
        return null;
    }

    public string? Target(MapReader map, string field, bool required, string fromNode)
    {
        var node = map.Get(field, required);
        return node is null ? null : TargetOf(node, map.PathOf(field), fromNode);
    }

    public string? TargetOf(DocNode node, string path, string fromNode)
    {
        if (node is DocScalar { IsNull: false } scalar && NodeIdFormat().IsMatch(scalar.Value))
        {
            Targets.Add(new TargetReference(fromNode, scalar.Value, path, node.Location));
            return scalar.Value;
        }

        var shown = node is DocScalar s ? $"'{s.Value}'" : $"a {node.Kind}";
        Problems.Add(path, $"{shown} is not a node id; a target names a node of this flow", node.Location);
        return null;
    }

    public TimeSpan? Duration(MapReader map, string field, bool required)
    {
        var text = Text(map, field, required);
        if (text is null)
        {
            return null;
        }

        var location = map.Get(field, false)!.Location;
        var match = DurationFormat().Match(text);
        if (!match.Success || !long.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            Problems.Add(map.PathOf(field), $"'{text}' is not a duration; write a whole number with ms, s or m, e.g. 500ms, 5s, 2m", location);
            return null;
        }

        var duration = match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(amount),
            "s" => TimeSpan.FromSeconds(amount),
            _ => TimeSpan.FromMinutes(amount),
        };
        if (duration <= TimeSpan.Zero || duration > TimeSpan.FromHours(1))
        {
            Problems.Add(map.PathOf(field), $"duration '{text}' must be more than 0 and at most 60m", location);
            return null;
        }

        return duration;
    }

    public int? Integer(MapReader map, string field, bool required, int min, int max)
    {
        var text = Text(map, field, required);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Problems.Add(map.PathOf(field), $"'{field}' must be a whole number from {min} to {max}, not '{text}'", map.Get(field, false)!.Location);
        return null;
    }

    /// <summary>
    /// The <c>languages</c> list (the first is the default): codes such as fa or en, none twice. Adds where each
    /// is written to <paramref name="locations"/>, for the checks against the catalog.
    /// </summary>
    public List<string>? Languages(MapReader map, List<SourceLocation> locations)
    {
        var node = map.Get("languages", true);
        if (node is null)
        {
            return null;
        }

        if (node is not DocSequence { Items.Count: > 0 } list)
        {
            Problems.Add("languages", "'languages' must be a list of language codes such as [fa, en]; the first is the default", node.Location);
            return null;
        }

        var languages = new List<string>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            var path = $"languages.{i}";
            if (item is not DocScalar { IsNull: false } text || !LanguageFormat().IsMatch(text.Value))
            {
                var shown = item is DocScalar s ? $"'{s.Value}'" : $"a {item.Kind}";
                Problems.Add(path, $"{shown} is not a language code such as fa or en", item.Location);
                return null;
            }

            if (languages.Contains(text.Value))
            {
                Problems.Add(path, $"language '{text.Value}' is listed twice", item.Location);
                return null;
            }

            languages.Add(text.Value);
            locations.Add(item.Location);
        }

        return languages;
    }

    public bool? Boolean(MapReader map, string field)
    {
        var text = Text(map, field, false);
        switch (text)
        {
            case null:
                return null;
            case "true" or "yes":
                return true;
            case "false" or "no":
                return false;
            default:
                Problems.Add(map.PathOf(field), $"'{field}' must be true or false, not '{text}'", map.Get(field, false)!.Location);
                return null;
        }
    }

    public char? Key(MapReader map, string field, bool required)
    {
        var node = map.Get(field, required);
        return node is null ? null : KeyOf(node, map.PathOf(field));
    }

    public char? KeyOf(DocNode node, string path)
    {
        if (node is DocScalar { Value: [var key] } && IsKey(key))
        {
            return key;
        }

        var shown = node is DocScalar s ? $"'{s.Value}'" : $"a {node.Kind}";
        Problems.Add(path, $"{shown} is not a key; a key is one of 0-9, * or # (quote * and #)", node.Location);
        return null;
    }

    /// <summary>A field that must be exactly one variable reference such as <c>"{product_code}"</c>; returns its name.</summary>
    public string? VariableField(MapReader map, string field, bool required, string fromNode)
    {
        var node = map.Get(field, required);
        if (node is null)
        {
            return null;
        }

        var path = map.PathOf(field);
        if (UnquotedVariable(node, path))
        {
            return null;
        }

        if (node is DocScalar scalar && VariableOf(scalar.Value) is { } name)
        {
            Variables.Add(new VariableReference(fromNode, name, path, node.Location));
            return name;
        }

        var shown = node is DocScalar s ? $"'{s.Value}'" : $"a {node.Kind}";
        Problems.Add(path, $"{shown} is not a variable reference; write it in quotes with braces, e.g. \"{{caller}}\"", node.Location);
        return null;
    }

    /// <summary>
    /// A value that is a literal matching <paramref name="literal"/> or one variable reference. Returns the
    /// value as written (the reference keeps its braces).
    /// </summary>
    public string? LiteralOrVariable(DocNode node, string path, string fromNode, Regex literal, string help)
    {
        if (UnquotedVariable(node, path))
        {
            return null;
        }

        if (node is not DocScalar { IsNull: false } scalar)
        {
            Problems.Add(path, $"expected {help} or a variable such as \"{{caller}}\", not a {node.Kind}", node.Location);
            return null;
        }

        var value = scalar.Value;
        if (value.StartsWith('{'))
        {
            if (VariableOf(value) is { } name)
            {
                Variables.Add(new VariableReference(fromNode, name, path, node.Location));
                return value;
            }

            Problems.Add(path, $"'{value}' is not a variable reference; a variable is written {{name}}, e.g. {{caller}} or {{request.visit_date}}", node.Location);
            return null;
        }

        if (literal.IsMatch(value))
        {
            return value;
        }

        Problems.Add(path, $"'{value}' is not {help}", node.Location);
        return null;
    }

    /// <summary>The name inside <c>{name}</c>, or null when the text is not exactly one reference.</summary>
    public static string? VariableOf(string text)
    {
        var match = VariableReferenceFormat().Match(text);
        return match.Success ? match.Groups[1].Value : null;
    }

    public static bool IsKey(char key) => key is (>= '0' and <= '9') or '*' or '#';

    /// <summary>
    /// <c>number: {caller}</c> without quotes is a YAML mapping, not text: say so instead of a puzzling type error.
    /// </summary>
    private bool UnquotedVariable(DocNode node, string path)
    {
        if (node is DocMapping { Entries: [(DocScalar key, DocScalar { IsNull: true })] })
        {
            Problems.Add(path, $"a variable must be in quotes: write \"{{{key.Value}}}\"", node.Location);
            return true;
        }

        return false;
    }

    [GeneratedRegex("^([0-9]+)(ms|s|m)$")]
    private static partial Regex DurationFormat();

    [GeneratedRegex(@"^\{([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)?)\}$")]
    private static partial Regex VariableReferenceFormat();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    internal static partial Regex NodeIdFormat();

    [GeneratedRegex("^[a-z]{2,3}(-[A-Z]{2})?$")]
    private static partial Regex LanguageFormat();
}
