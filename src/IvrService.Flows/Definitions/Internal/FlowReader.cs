using System.Text.RegularExpressions;
using IvrService.Flows.Internal;

namespace IvrService.Flows.Definitions.Internal;

/// <summary>
/// Maps the YAML tree of a menu file to a <see cref="FlowDefinition"/>: the top level (id, title, languages,
/// start, nodes) and every node type's fields, reporting each schema problem with its node path and location.
/// </summary>
internal sealed partial class FlowReader(FlowReadState state, FlowValidationContext context)
{
    public static readonly IReadOnlyList<string> NodeTypes =
    [
        "menu", "collect", "say", "lookup", "service_request", "record", "transfer", "callback", "hours", "language",
        "goto", "back", "repeat", "hangup",
    ];

    private static readonly string[] TopLevelFields = ["id", "title", "languages", "start", "nodes"];

    private static readonly Dictionary<string, FlowResult> Outcomes = new(StringComparer.Ordinal)
    {
        ["completed"] = FlowResult.Completed,
        ["transferred"] = FlowResult.Transferred,
        ["message_left"] = FlowResult.MessageLeft,
        ["callback_requested"] = FlowResult.CallbackRequested,
        ["no_input"] = FlowResult.NoInput,
        ["failed"] = FlowResult.Failed,
    };

    private readonly ProblemList _problems = state.Problems;

    public string? Id { get; private set; }

    public string? Title { get; private set; }

    public IReadOnlyList<string>? Languages { get; private set; }

    public List<SourceLocation> LanguageLocations { get; } = [];

    public string? Start { get; private set; }

    public SourceLocation? StartLocation { get; private set; }

    public List<ParsedNode> Nodes { get; } = [];

    public void Read(DocNode? root)
    {
        if (root is not DocMapping mapping)
        {
            _problems.Add("(document)", "a menu file must be a mapping with id, languages, start and nodes", root?.Location ?? new SourceLocation(1, 1));
            return;
        }

        var map = new MapReader(mapping, string.Empty, "a menu file", _problems);
        map.RejectUnknown(TopLevelFields);
        Id = state.Formatted(map, "id", true, FlowIdFormat(), "a flow id; use lowercase letters, digits, '-' and '_'");
        Title = state.Text(map, "title", false);
        Languages = state.Languages(map, LanguageLocations);
        Start = state.Text(map, "start", true);
        StartLocation = map.Get("start", false)?.Location;
        var nodes = map.Get("nodes", true);
        if (nodes is null)
        {
            return;
        }

        if (nodes is not DocMapping nodeMapping)
        {
            _problems.Add("nodes", $"'nodes' must map node ids to nodes, not a {nodes.Kind}", nodes.Location);
            return;
        }

        var nodeMap = new MapReader(nodeMapping, "nodes", "the nodes", _problems);
        foreach (var (id, body) in nodeMap.Entries)
        {
            ReadNode(id, body);
        }

        if (Nodes.Count == 0)
        {
            _problems.Add("nodes", "a flow needs at least one node", nodes.Location);
        }
    }

    private void ReadNode(DocScalar idNode, DocNode body)
    {
        var id = idNode.Value;
        var path = $"nodes.{id}";
        if (!FlowReadState.NodeIdFormat().IsMatch(id))
        {
            _problems.Add(path, $"'{id}' is not a node id; use letters, digits, '_' and '-', starting with a letter", idNode.Location);
            return;
        }

        if (body is not DocMapping mapping)
        {
            _problems.Add(path, $"node '{id}' must be a mapping with a type, not a {body.Kind}", body.Location);
            Nodes.Add(new ParsedNode(id, "unknown", idNode.Location, null));
            return;
        }

        var map = new MapReader(mapping, path, "a node", _problems);
        var type = state.Text(map, "type", true);
        if (type is null)
        {
            Nodes.Add(new ParsedNode(id, "unknown", idNode.Location, null));
            return;
        }

        if (!NodeTypes.Contains(type))
        {
            _problems.Add(map.PathOf("type"), $"unknown node type '{type}'; expected one of: {string.Join(", ", NodeTypes)}", map.Get("type", false)!.Location);
            Nodes.Add(new ParsedNode(id, "unknown", idNode.Location, null));
            return;
        }

        var node = type switch
        {
            "menu" => Menu(id, map),
            "collect" => Collect(id, map),
            "say" => Say(id, map),
            "lookup" => Lookup(id, map),
            "service_request" => ServiceRequest(id, map),
            "record" => Record(id, map),
            "transfer" => Transfer(id, map),
            "callback" => Callback(id, map),
            "hours" => Hours(id, map),
            "language" => Language(id, map),
            "goto" => Goto(id, map),
            "back" => Only(map, new BackNode(id)),
            "repeat" => Only(map, new RepeatNode(id)),
            _ => Hangup(id, map),
        };
        Nodes.Add(new ParsedNode(id, type, idNode.Location, node is null ? null : node with { Location = idNode.Location }));
    }

    private MapReader Fields(MapReader map, string type, params string[] fields)
    {
        // The first reader (with the duplicate-key checks) already reported structure problems; this one names the type.
        var typed = new MapReader(map.Mapping, map.Path, $"a {type} node", _problems, reportStructure: false);
        typed.RejectUnknown(["type", .. fields]);
        typed.Get("type", false);
        return typed;
    }

    private MenuNode? Menu(string id, MapReader untyped)
    {
        var map = Fields(untyped, "menu", "prompt", "options", "timeout", "retries", "invalid", "no_input", "after_retries", "interruptible");
        var prompt = PromptReader.Read(state, map, "prompt", true, id);
        var options = Options(id, map);
        var handling = RequireHandling(map, "menu", "timeout");
        var timeout = state.Duration(map, "timeout", false);
        var retry = Retry(id, map);
        var interruptible = state.Boolean(map, "interruptible") ?? true;
        return prompt is null || options is null || !handling || timeout is null || retry is null
            ? null
            : new MenuNode(id, prompt, options, timeout.Value, retry) { Interruptible = interruptible };
    }

    private Dictionary<char, string>? Options(string id, MapReader map)
    {
        var node = map.Get("options", true);
        if (node is null)
        {
            return null;
        }

        if (node is not DocMapping { Entries.Count: > 0 } mapping)
        {
            _problems.Add(map.PathOf("options"), "'options' must map keys to targets, e.g. { \"1\": report_fault, \"0\": operator }", node.Location);
            return null;
        }

        var options = new Dictionary<char, string>();
        var failed = false;
        var optionMap = new MapReader(mapping, map.PathOf("options"), "the options", _problems);
        foreach (var (keyNode, targetNode) in optionMap.Entries)
        {
            var path = optionMap.PathOf(keyNode.Value);
            var key = state.KeyOf(keyNode, path);
            var target = state.TargetOf(targetNode, path, id);
            if (key is null || target is null)
            {
                failed = true;
                continue;
            }

            options[key.Value] = target;
        }

        return failed ? null : options;
    }

    /// <summary>Menu and collect need a timeout, a retries count and the invalid and no_input prompts: say which are missing.</summary>
    private bool RequireHandling(MapReader map, string type, string timeoutField)
    {
        string[] fields = [timeoutField, "retries", "invalid", "no_input"];
        var missing = fields.Where(field => !map.Has(field)).ToList();
        if (missing.Count == 0)
        {
            return true;
        }

        _problems.Add(map.Path, $"a {type} node needs timeout and invalid-input handling; missing: {string.Join(", ", missing)}", map.Location);
        return false;
    }

    private RetryPolicy? Retry(string id, MapReader map)
    {
        var retries = state.Integer(map, "retries", false, 1, 10);
        var invalid = PromptReader.Read(state, map, "invalid", false, id);
        var noInput = PromptReader.Read(state, map, "no_input", false, id);
        var after = state.Target(map, "after_retries", false, id);
        var afterFailed = after is null && map.Has("after_retries");
        return retries is null || invalid is null || noInput is null || afterFailed
            ? null
            : new RetryPolicy(invalid, noInput, retries.Value, after);
    }

    private CollectNode? Collect(string id, MapReader untyped)
    {
        var map = Fields(untyped, "collect", "prompt", "variable", "min_length", "max_length", "terminator", "first_digit_timeout",
            "inter_digit_timeout", "pattern", "retries", "invalid", "no_input", "after_retries", "next", "interruptible");
        var prompt = PromptReader.Read(state, map, "prompt", true, id);
        var variable = state.Formatted(map, "variable", true, CollectVariableFormat(), "a variable name; use lowercase letters, digits and '_'");
        if (variable is not null && FlowReadState.BuiltInVariables.Contains(variable))
        {
            _problems.Add(map.PathOf("variable"), $"'{variable}' is a built-in variable; choose another name", map.Get("variable", false)!.Location);
            variable = null;
        }

        if (variable is not null)
        {
            state.CollectedVariables.Add(variable);
        }

        var min = state.Integer(map, "min_length", false, 1, 64) ?? (map.Has("min_length") ? null : 1);
        var max = state.Integer(map, "max_length", true, 1, 64);
        var lengthsFit = true;
        if (min is not null && max is not null && min > max)
        {
            _problems.Add(map.PathOf("min_length"), $"min_length {min} is greater than max_length {max}", map.Get("min_length", false)?.Location ?? map.Location);
            lengthsFit = false;
        }

        var terminator = state.Key(map, "terminator", false);
        var handling = RequireHandling(map, "collect", "first_digit_timeout");
        var firstDigit = state.Duration(map, "first_digit_timeout", false);
        var interDigit = state.Duration(map, "inter_digit_timeout", false) ?? (map.Has("inter_digit_timeout") ? null : TimeSpan.FromSeconds(3));
        var pattern = Pattern(map);
        var retry = Retry(id, map);
        var next = state.Target(map, "next", true, id);
        var interruptible = state.Boolean(map, "interruptible") ?? true;
        var failed = prompt is null || variable is null || min is null || max is null || !lengthsFit || !handling || firstDigit is null
            || interDigit is null || retry is null || next is null
            || (terminator is null && map.Has("terminator")) || (pattern is null && map.Has("pattern"));
        return failed
            ? null
            : new CollectNode(id, prompt!, variable!, min!.Value, max!.Value, terminator, firstDigit!.Value, interDigit!.Value, pattern, retry!, next!)
            {
                Interruptible = interruptible,
            };
    }

    private string? Pattern(MapReader map)
    {
        var pattern = state.Text(map, "pattern", false);
        if (pattern is null)
        {
            return null;
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return pattern;
        }
        catch (RegexParseException e)
        {
            _problems.Add(map.PathOf("pattern"), $"pattern '{pattern}' is not a valid regular expression ({e.Error} at offset {e.Offset})", map.Get("pattern", false)!.Location);
            return null;
        }
    }

    private SayNode? Say(string id, MapReader untyped)
    {
        var map = Fields(untyped, "say", "prompt", "next");
        var prompt = PromptReader.Read(state, map, "prompt", true, id);
        var next = state.Target(map, "next", true, id);
        return prompt is null || next is null ? null : new SayNode(id, prompt, next);
    }

    private LookupNode? Lookup(string id, MapReader untyped)
    {
        var map = Fields(untyped, "lookup", "number", "found", "not_found");
        var variable = state.VariableField(map, "number", true, id);
        var found = state.Target(map, "found", true, id);
        var notFound = state.Target(map, "not_found", true, id);
        return variable is null || found is null || notFound is null ? null : new LookupNode(id, variable, found, notFound);
    }

    private ServiceRequestNode? ServiceRequest(string id, MapReader untyped)
    {
        var map = Fields(untyped, "service_request", "product_code", "contact_number", "next");
        var productCode = state.VariableField(map, "product_code", true, id);
        var contact = state.VariableField(map, "contact_number", false, id);
        var next = state.Target(map, "next", true, id);
        return productCode is null || next is null || (contact is null && map.Has("contact_number"))
            ? null
            : new ServiceRequestNode(id, productCode, contact, next);
    }

    private RecordNode? Record(string id, MapReader untyped)
    {
        var map = Fields(untyped, "record", "prompt", "category", "max_length", "finish_key", "silence", "next", "no_message");
        var prompt = PromptReader.Read(state, map, "prompt", true, id);
        var category = state.Formatted(map, "category", true, CollectVariableFormat(), "a category such as complaint, criticism or suggestion");
        var maxLength = state.Duration(map, "max_length", true);
        var finishKey = state.Key(map, "finish_key", false);
        var silence = state.Duration(map, "silence", false);
        var next = state.Target(map, "next", true, id);
        var noMessage = state.Target(map, "no_message", false, id);
        var failed = prompt is null || category is null || maxLength is null || next is null
            || (finishKey is null && map.Has("finish_key")) || (silence is null && map.Has("silence")) || (noMessage is null && map.Has("no_message"));
        return failed ? null : new RecordNode(id, prompt!, category!, maxLength!.Value, finishKey, silence, next!, noMessage);
    }

    private TransferNode? Transfer(string id, MapReader untyped)
    {
        var map = Fields(untyped, "transfer", "prompt", "destination", "mode", "ring_timeout", "failed");
        var prompt = PromptReader.Read(state, map, "prompt", false, id);
        var destination = state.Text(map, "destination", true);
        if (destination is not null && !context.TransferDestinations.ContainsKey(destination))
        {
            var allowed = context.TransferDestinations.Count == 0 ? "the allow-list is empty" : $"allowed: {string.Join(", ", context.TransferDestinations.Keys.Order(StringComparer.Ordinal))}";
            _problems.Add(map.PathOf("destination"), $"transfer destination '{destination}' is not on the allow-list ({allowed})", map.Get("destination", false)!.Location);
            destination = null;
        }

        var modeName = state.Text(map, "mode", false) ?? "refer";
        TransferMode? mode = modeName switch
        {
            "refer" => TransferMode.Refer,
            "bridge" => TransferMode.Bridge,
            _ => null,
        };
        if (mode is null)
        {
            _problems.Add(map.PathOf("mode"), $"transfer mode '{modeName}' is not refer or bridge", map.Get("mode", false)!.Location);
        }

        var ring = state.Duration(map, "ring_timeout", false) ?? (map.Has("ring_timeout") ? null : TimeSpan.FromSeconds(30));
        var failed = state.Target(map, "failed", false, id);
        var broken = destination is null || mode is null || ring is null || (prompt is null && map.Has("prompt")) || (failed is null && map.Has("failed"));
        return broken ? null : new TransferNode(id, prompt, destination!, mode!.Value, ring!.Value, failed);
    }

    private CallbackNode? Callback(string id, MapReader untyped)
    {
        var map = Fields(untyped, "callback", "number", "reason", "next");
        var number = state.VariableField(map, "number", false, id);
        var reason = state.Formatted(map, "reason", false, CollectVariableFormat(), "a reason such as out_of_hours") ?? (map.Has("reason") ? null : "callback");
        var next = state.Target(map, "next", true, id);
        return reason is null || next is null || (number is null && map.Has("number")) ? null : new CallbackNode(id, number, reason, next);
    }

    private HoursNode? Hours(string id, MapReader untyped)
    {
        var map = Fields(untyped, "hours", "time_zone", "weekly", "holidays", "open", "closed", "holiday");
        var schedule = ScheduleReader.Read(state, map);
        var open = state.Target(map, "open", true, id);
        var closed = state.Target(map, "closed", true, id);
        var holiday = state.Target(map, "holiday", false, id);
        return schedule is null || open is null || closed is null || (holiday is null && map.Has("holiday"))
            ? null
            : new HoursNode(id, schedule, open, closed, holiday);
    }

    private LanguageNode? Language(string id, MapReader untyped)
    {
        var map = Fields(untyped, "language", "language", "next");
        var language = state.Text(map, "language", true);
        if (language is not null && Languages is not null && !Languages.Contains(language))
        {
            _problems.Add(map.PathOf("language"), $"language '{language}' is not one of this flow's languages ({string.Join(", ", Languages)})", map.Get("language", false)!.Location);
            language = null;
        }

        var next = state.Target(map, "next", true, id);
        return language is null || next is null ? null : new LanguageNode(id, language, next);
    }

    private GotoNode? Goto(string id, MapReader untyped)
    {
        var map = Fields(untyped, "goto", "target");
        var target = state.Target(map, "target", true, id);
        return target is null ? null : new GotoNode(id, target);
    }

    private HangupNode? Hangup(string id, MapReader untyped)
    {
        var map = Fields(untyped, "hangup", "prompt", "outcome");
        var prompt = PromptReader.Read(state, map, "prompt", false, id);
        var outcomeName = state.Text(map, "outcome", false) ?? "completed";
        if (!Outcomes.TryGetValue(outcomeName, out var outcome))
        {
            _problems.Add(map.PathOf("outcome"), $"outcome '{outcomeName}' is not one of: {string.Join(", ", Outcomes.Keys)}", map.Get("outcome", false)!.Location);
            return null;
        }

        return prompt is null && map.Has("prompt") ? null : new HangupNode(id, prompt, outcome);
    }

    private FlowNode Only(MapReader untyped, FlowNode node)
    {
        _ = Fields(untyped, node is BackNode ? "back" : "repeat");
        return node;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex FlowIdFormat();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex CollectVariableFormat();
}
