using System.Text.RegularExpressions;
using IvrService.Flows.Definitions;
using IvrService.Flows.Definitions.Internal;
using IvrService.Flows.Internal;

namespace IvrService.Flows.Surveys.Internal;

/// <summary>
/// Maps the YAML tree of a survey file to the parts of a <see cref="SurveyDefinition"/>, reporting each schema
/// problem (unknown or missing field, wrong type, bad key, duration, number or kind) with its path and location.
/// The checks across parts are <see cref="SurveyRules"/>'.
/// </summary>
internal sealed partial class SurveyReader(FlowReadState state)
{
    private static readonly string[] TopLevelFields =
        ["id", "title", "languages", "timeouts", "retries", "prompts", "start_gate", "opt_out", "questions", "comment"];

    private readonly ProblemList _problems = state.Problems;
    private bool _failed;

    public string? Id { get; private set; }

    public IReadOnlyList<string>? Languages { get; private set; }

    public List<SourceLocation> LanguageLocations { get; } = [];

    public SurveyStartGate? StartGate { get; private set; }

    /// <summary>Where the start gate's key is written (its mapping when the key is the default).</summary>
    public (string Path, SourceLocation Location) StartGateKeyAt { get; private set; }

    public SurveyOptOut? OptOut { get; private set; }

    /// <summary>Where the opt-out key is written (its mapping when the key is the default).</summary>
    public (string Path, SourceLocation Location) OptOutKeyAt { get; private set; }

    /// <summary>The questions as read, also those with a problem (null), with where their id is written.</summary>
    public List<(string Path, string? Id, SourceLocation IdLocation, SurveyQuestion? Question)> Questions { get; } = [];

    private string? Title { get; set; }

    private TimeSpan? FirstDigit { get; set; }

    private TimeSpan? InterDigit { get; set; }

    private int? Attempts { get; set; }

    private SurveyPrompts? Prompts { get; set; }

    private SurveyComment? Comment { get; set; }

    public void Read(DocNode? root)
    {
        if (root is not DocMapping mapping)
        {
            _problems.Add("(document)", "a survey file must be a mapping with id, languages, timeouts, retries, prompts and questions", root?.Location ?? new SourceLocation(1, 1));
            _failed = true;
            return;
        }

        var map = new MapReader(mapping, string.Empty, "a survey file", _problems);
        map.RejectUnknown(TopLevelFields);
        Id = state.Formatted(map, "id", true, SurveyIdFormat(), "a survey id; use lowercase letters, digits, '-' and '_'");
        Title = state.Text(map, "title", false);
        Languages = state.Languages(map, LanguageLocations);
        ReadTimeouts(map);
        Attempts = state.Integer(map, "retries", true, 1, 10);
        ReadPrompts(map);
        ReadStartGate(map);
        ReadOptOut(map);
        ReadQuestions(map);
        ReadComment(map);
        _failed |= Id is null || Languages is null || FirstDigit is null || InterDigit is null || Attempts is null || Prompts is null;
    }

    /// <summary>The survey when every part was read; null when one was not (its problems are reported).</summary>
    public SurveyDefinition? Definition(string sourceName)
    {
        if (_failed || Questions.Count == 0 || Questions.Any(question => question.Question is null))
        {
            return null;
        }

        return new SurveyDefinition(
            Id!,
            sourceName,
            Languages!,
            FirstDigit!.Value,
            InterDigit!.Value,
            Attempts!.Value,
            Prompts!,
            [.. Questions.Select(question => question.Question!)])
        {
            Title = Title,
            StartGate = StartGate,
            OptOut = OptOut,
            Comment = Comment,
        };
    }

    private void ReadTimeouts(MapReader map)
    {
        if (Section(map, "timeouts", true, "the timeouts") is not { } timeouts)
        {
            return;
        }

        timeouts.RejectUnknown(["first_digit", "inter_digit"]);
        FirstDigit = state.Duration(timeouts, "first_digit", true);
        InterDigit = state.Duration(timeouts, "inter_digit", false) ?? (timeouts.Has("inter_digit") ? null : TimeSpan.FromSeconds(3));
    }

    private void ReadPrompts(MapReader map)
    {
        if (Section(map, "prompts", true, "the prompts") is not { } prompts)
        {
            return;
        }

        prompts.RejectUnknown(["intro", "invalid", "no_input", "closing"]);
        var intro = PromptReader.Read(state, prompts, "intro", true, "prompts");
        var invalid = PromptReader.Read(state, prompts, "invalid", true, "prompts");
        var noInput = PromptReader.Read(state, prompts, "no_input", true, "prompts");
        var closing = PromptReader.Read(state, prompts, "closing", true, "prompts");
        Prompts = intro is null || invalid is null || noInput is null || closing is null ? null : new SurveyPrompts(intro, invalid, noInput, closing);
    }

    private void ReadStartGate(MapReader map)
    {
        if (Section(map, "start_gate", false, "the start gate") is not { } gate)
        {
            return;
        }

        gate.RejectUnknown(["key", "prompt", "timeout", "retries"]);
        var key = state.Key(gate, "key", false) ?? (gate.Has("key") ? null : '1');
        StartGateKeyAt = (gate.Has("key") ? gate.PathOf("key") : gate.Path, gate.Get("key", false)?.Location ?? gate.Location);
        var prompt = PromptReader.Read(state, gate, "prompt", true, "start_gate");
        var timeout = state.Duration(gate, "timeout", false) ?? (gate.Has("timeout") ? null : FirstDigit);
        var attempts = state.Integer(gate, "retries", false, 1, 10) ?? (gate.Has("retries") ? null : Attempts);
        if (key is null || prompt is null || timeout is null || attempts is null)
        {
            _failed = true;
            return;
        }

        StartGate = new SurveyStartGate(key.Value, prompt, timeout.Value, attempts.Value);
    }

    private void ReadOptOut(MapReader map)
    {
        if (Section(map, "opt_out", false, "the opt-out") is not { } optOut)
        {
            return;
        }

        optOut.RejectUnknown(["key", "prompt", "confirmed"]);
        var key = state.Key(optOut, "key", false) ?? (optOut.Has("key") ? null : '9');
        OptOutKeyAt = (optOut.Has("key") ? optOut.PathOf("key") : optOut.Path, optOut.Get("key", false)?.Location ?? optOut.Location);
        if (key == '#')
        {
            _problems.Add(OptOutKeyAt.Path, "'#' ends a score and cannot be the opt-out key; use one of 0-9 or *", OptOutKeyAt.Location);
            key = null;
        }

        var prompt = PromptReader.Read(state, optOut, "prompt", true, "opt_out");
        var confirmed = PromptReader.Read(state, optOut, "confirmed", true, "opt_out");
        if (key is null || prompt is null || confirmed is null)
        {
            _failed = true;
            return;
        }

        OptOut = new SurveyOptOut(key.Value, prompt, confirmed);
    }

    private void ReadQuestions(MapReader map)
    {
        var node = map.Get("questions", true);
        if (node is null)
        {
            _failed = true;
            return;
        }

        if (node is not DocSequence { Items.Count: > 0 } list)
        {
            _problems.Add("questions", $"'questions' must be a list of questions, not a {(node is DocSequence ? "empty list" : node.Kind)}", node.Location);
            _failed = true;
            return;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            ReadQuestion(list.Items[i], $"questions.{i}");
        }
    }

    private void ReadQuestion(DocNode node, string path)
    {
        if (node is not DocMapping mapping)
        {
            _problems.Add(path, $"a question must be a mapping with id, kind and prompt, not a {node.Kind}", node.Location);
            Questions.Add((path, null, node.Location, null));
            return;
        }

        var untyped = new MapReader(mapping, path, "a question", _problems);
        var id = state.Formatted(untyped, "id", true, FlowReadState.NodeIdFormat(), "a question id; use letters, digits, '_' and '-', starting with a letter");
        var idLocation = untyped.Get("id", false)?.Location ?? mapping.Location;
        var kindName = state.Text(untyped, "kind", true);
        if (kindName is null)
        {
            untyped.RejectUnknown(["id", "kind", "prompt", "escalate_at", "choices"]);
            Questions.Add((path, id, idLocation, null));
            return;
        }

        if (!SurveyNames.Kinds.TryGetValue(kindName, out var kind))
        {
            _problems.Add(untyped.PathOf("kind"), $"unknown question kind '{kindName}'; expected one of: {string.Join(", ", SurveyNames.Kinds.Keys)}", untyped.Get("kind", false)!.Location);
            Questions.Add((path, id, idLocation, null));
            return;
        }

        // The first reader (with the duplicate-field checks) already reported structure problems; this one names the kind.
        var map = new MapReader(mapping, path, $"a {kindName} question", _problems, reportStructure: false);
        map.Get("id", false);
        map.Get("kind", false);
        var fromNode = id ?? path;
        var prompt = PromptReader.Read(state, map, "prompt", true, fromNode);
        int? escalateAt = null;
        var escalationFailed = false;
        IReadOnlyList<SurveyChoice>? choices = [];
        switch (kind)
        {
            case SurveyQuestionKind.Rating:
                map.RejectUnknown(["id", "kind", "prompt", "escalate_at"]);
                escalateAt = state.Integer(map, "escalate_at", false, 1, 4);
                escalationFailed = escalateAt is null && map.Has("escalate_at");
                break;
            case SurveyQuestionKind.Score:
                map.RejectUnknown(["id", "kind", "prompt", "escalate_at"]);
                escalateAt = state.Integer(map, "escalate_at", false, 0, 9);
                escalationFailed = escalateAt is null && map.Has("escalate_at");
                break;
            case SurveyQuestionKind.Choice:
                map.RejectUnknown(["id", "kind", "prompt", "choices", "escalate_at"]);
                escalationFailed = RejectEscalation(map, kindName);
                choices = ReadChoices(map, fromNode);
                break;
            default:
                map.RejectUnknown(["id", "kind", "prompt", "escalate_at"]);
                escalationFailed = RejectEscalation(map, kindName);
                break;
        }

        var question = id is null || prompt is null || escalationFailed || choices is null
            ? null
            : new SurveyQuestion(id, kind, prompt) { Choices = choices, EscalateAt = escalateAt, Location = idLocation };
        Questions.Add((path, id, idLocation, question));
    }

    /// <summary>Only ratings and scores escalate: say so rather than calling the field unknown. True when reported.</summary>
    private bool RejectEscalation(MapReader map, string kindName)
    {
        if (map.Get("escalate_at", false) is not { } node)
        {
            return false;
        }

        _problems.Add(map.PathOf("escalate_at"), $"only rating and score questions escalate; a {kindName} question takes no escalate_at", node.Location);
        return true;
    }

    private List<SurveyChoice>? ReadChoices(MapReader map, string fromNode)
    {
        var node = map.Get("choices", true);
        if (node is null)
        {
            return null;
        }

        if (node is not DocSequence list)
        {
            _problems.Add(map.PathOf("choices"), $"'choices' must be a list of {{key, id, prompt}}, not a {node.Kind}", node.Location);
            return null;
        }

        if (list.Items.Count < 2)
        {
            _problems.Add(map.PathOf("choices"), $"a choice question needs at least 2 choices, not {list.Items.Count}", node.Location);
            return null;
        }

        var choices = new List<SurveyChoice>();
        var failed = false;
        for (var i = 0; i < list.Items.Count; i++)
        {
            var path = $"{map.PathOf("choices")}.{i}";
            var item = list.Items[i];
            if (item is not DocMapping mapping)
            {
                _problems.Add(path, $"a choice must be a mapping with key, id and prompt, not a {item.Kind}", item.Location);
                failed = true;
                continue;
            }

            var choice = new MapReader(mapping, path, "a choice", _problems);
            choice.RejectUnknown(["key", "id", "prompt"]);
            var key = ChoiceKey(choice);
            var id = state.Formatted(choice, "id", true, ChoiceIdFormat(), "a choice id; use lowercase letters, digits and '_', starting with a letter");
            var prompt = PromptReader.Read(state, choice, "prompt", true, fromNode);
            if (key is { } k && choices.FirstOrDefault(c => c.Key == k) is { } sameKey)
            {
                _problems.Add(choice.PathOf("key"), $"key {k} is already the key of choice '{sameKey.Id}'", choice.Get("key", false)!.Location);
                key = null;
            }

            if (id is not null && choices.Any(c => c.Id == id))
            {
                _problems.Add(choice.PathOf("id"), $"choice id '{id}' is given twice", choice.Get("id", false)!.Location);
                id = null;
            }

            if (key is null || id is null || prompt is null)
            {
                failed = true;
                continue;
            }

            choices.Add(new SurveyChoice(key.Value, id, prompt));
        }

        return failed ? null : choices;
    }

    private char? ChoiceKey(MapReader choice)
    {
        var node = choice.Get("key", true);
        if (node is null)
        {
            return null;
        }

        if (node is DocScalar { Value: [var key and >= '1' and <= '9'] })
        {
            return key;
        }

        var shown = node is DocScalar s ? $"'{s.Value}'" : $"a {node.Kind}";
        _problems.Add(choice.PathOf("key"), $"{shown} is not a choice key; a choice key is one digit from 1 to 9", node.Location);
        return null;
    }

    private void ReadComment(MapReader map)
    {
        if (Section(map, "comment", false, "the comment") is not { } comment)
        {
            return;
        }

        comment.RejectUnknown(["prompt", "max_length", "silence", "finish_key"]);
        var prompt = PromptReader.Read(state, comment, "prompt", true, SurveyComment.Id);
        var maxLength = state.Duration(comment, "max_length", true);
        var silence = state.Duration(comment, "silence", false);
        var finishKey = state.Key(comment, "finish_key", false) ?? (comment.Has("finish_key") ? null : '#');
        if (prompt is null || maxLength is null || finishKey is null || (silence is null && comment.Has("silence")))
        {
            _failed = true;
            return;
        }

        Comment = new SurveyComment(prompt, maxLength.Value, silence, finishKey);
    }

    /// <summary>A top-level field that holds a mapping of its own; null (reported) when it is missing or not a mapping.</summary>
    private MapReader? Section(MapReader map, string field, bool required, string owner)
    {
        var node = map.Get(field, required);
        if (node is null)
        {
            _failed |= required;
            return null;
        }

        if (node is DocMapping mapping)
        {
            return new MapReader(mapping, field, owner, _problems);
        }

        _problems.Add(field, $"'{field}' must be a mapping of its fields, not a {node.Kind}", node.Location);
        _failed = true;
        return null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex SurveyIdFormat();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex ChoiceIdFormat();
}
