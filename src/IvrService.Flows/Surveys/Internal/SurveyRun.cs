using System.Text;
using IvrService.Flows.Definitions;
using IvrService.Flows.Internal;

namespace IvrService.Flows.Surveys.Internal;

/// <summary>
/// One run of a survey on one call: the intro and opt-out offer, the start gate, the questions not answered
/// before, the comment and the closing. Each answer is journaled the moment it is given, each step as it happens.
/// </summary>
internal sealed class SurveyRun
{
    private readonly SurveyRunContext _context;
    private readonly SurveyDefinition _survey;
    private readonly TimeProvider _time;
    private readonly CancellationToken _call;
    private readonly CallDialog _dialog;
    private readonly string _language;
    private string _nodeId = SurveyNames.Intro;
    private string? _lastQuestion;
    private int _answered;
    private bool _escalated;
    private bool _started;
    private bool _optedOut;
    private bool _questionsBehind;

    public SurveyRun(SurveyRunContext context, TimeProvider time, CancellationToken call)
    {
        _context = context;
        _survey = context.Survey;
        _time = time;
        _call = call;
        _language = context.Language is { } language && _survey.Languages.Contains(language) ? language : _survey.DefaultLanguage;
        _started = _survey.StartGate is null || context.SkipStartGate;
        _dialog = new CallDialog(context.Port, time, new PromptResolver(_survey.DefaultLanguage, context.Prompts, Variable), WriteAsync, call);
    }

    private ICallPort Port => _context.Port;

    public async Task<SurveyRunOutcome> RunAsync()
    {
        try
        {
            return await IntroAsync() ?? await StartGateAsync() ?? await QuestionsAsync() ?? await CommentAsync() ?? await CloseAsync();
        }
        catch (OperationCanceledException) when (_call.IsCancellationRequested)
        {
            var result = _optedOut ? SurveyRunResult.OptedOut
                : !_started ? SurveyRunResult.NotStarted
                : _questionsBehind ? SurveyRunResult.Completed
                : SurveyRunResult.Unfinished;
            return await EndAsync(result, "customer hung up", CancellationToken.None) with { CustomerHungUp = true };
        }
    }

    /// <summary>
    /// The intro, then the opt-out offer. A key stops the prompt: the opt-out key opts out, the start key passes
    /// the gate (the rest is skipped), any other key is written and the next prompt follows.
    /// </summary>
    private async Task<SurveyRunOutcome?> IntroAsync()
    {
        await WriteAsync(FlowStepKind.NodeEntered, SurveyNames.Intro, _call);
        Port.ClearDigits();
        PromptSequence[] prompts = _survey.OptOut is { } optOut ? [_survey.Prompts.Intro, optOut.Prompt] : [_survey.Prompts.Intro];
        foreach (var prompt in prompts)
        {
            if (await _dialog.PlayAsync(prompt, _language, interruptible: true) is not { } key)
            {
                continue;
            }

            await WriteAsync(FlowStepKind.Digits, key.ToString(), _call);
            if (key == _survey.OptOut?.Key)
            {
                return await OptOutAsync(key);
            }

            if (!_started && key == _survey.StartGate!.Key)
            {
                _started = true;
                break;
            }
        }

        return null;
    }

    /// <summary>"Press 1 to start": a person presses it, a machine does not. No key on every try ends the run not started.</summary>
    private async Task<SurveyRunOutcome?> StartGateAsync()
    {
        if (_started)
        {
            return null;
        }

        var gate = _survey.StartGate!;
        _nodeId = SurveyNames.StartGate;
        await WriteAsync(FlowStepKind.NodeEntered, SurveyNames.StartGate, _call);
        for (var attempt = 1; ; attempt++)
        {
            Port.ClearDigits();
            var key = await _dialog.PlayAsync(gate.Prompt, _language, interruptible: true) ?? await _dialog.ReadKeyAsync(gate.Timeout);
            if (key is null)
            {
                await WriteAsync(FlowStepKind.NoInput, $"no input within {FlowNames.Seconds(gate.Timeout)}", _call);
            }
            else
            {
                await WriteAsync(FlowStepKind.Digits, key.ToString(), _call);
                if (key == gate.Key)
                {
                    _started = true;
                    return null;
                }

                if (key == _survey.OptOut?.Key)
                {
                    return await OptOutAsync(key.Value);
                }

                await WriteAsync(FlowStepKind.InvalidInput, $"{key} is not the start key {gate.Key}", _call);
                await _dialog.PlayAsync(_survey.Prompts.Invalid, _language, interruptible: false);
            }

            if (attempt >= gate.Attempts)
            {
                return await FinishAsync(SurveyRunResult.NotStarted, $"start key {gate.Key} not pressed in {attempt} tries", closing: false);
            }
        }
    }

    private async Task<SurveyRunOutcome?> QuestionsAsync()
    {
        foreach (var question in _survey.Questions)
        {
            if (_context.AlreadyAnswered.Contains(question.Id))
            {
                continue;
            }

            _nodeId = question.Id;
            _lastQuestion = question.Id;
            await WriteAsync(FlowStepKind.NodeEntered, SurveyNames.Kind(question.Kind), _call);
            if (await AskAsync(question) is { } ending)
            {
                return ending;
            }
        }

        _questionsBehind = true;
        return null;
    }

    /// <summary>
    /// Asks one question until it is answered or its tries run out: after invalid keys the question is skipped
    /// (the customer is there but will not answer it); after silence on every try the run ends unfinished (nobody
    /// is listening). Null when the survey goes on.
    /// </summary>
    private async Task<SurveyRunOutcome?> AskAsync(SurveyQuestion question)
    {
        var prompt = question.Kind == SurveyQuestionKind.Choice
            ? new PromptSequence([.. question.Prompt.Items, .. question.Choices.SelectMany(choice => choice.Prompt.Items)])
            : question.Prompt;
        var pressedAny = false;
        for (var attempt = 1; attempt <= _survey.Attempts; attempt++)
        {
            Port.ClearDigits();
            var key = await FirstKeyAsync(prompt, question.Kind);
            PromptSequence retry;
            if (key is null)
            {
                await WriteAsync(FlowStepKind.NoInput, $"no input within {FlowNames.Seconds(_survey.FirstDigitTimeout)}", _call);
                retry = _survey.Prompts.NoInput;
            }
            else
            {
                pressedAny = true;
                if (IsOptOut(question, key.Value))
                {
                    await WriteAsync(FlowStepKind.Digits, key.ToString(), _call);
                    return await OptOutAsync(key.Value);
                }

                var entry = question.Kind == SurveyQuestionKind.Score ? await ScoreAsync(key.Value) : SingleKey(question, key.Value);
                await WriteAsync(FlowStepKind.Digits, entry.Digits, _call);
                if (entry.Problem is null)
                {
                    await AnswerAsync(question, entry);
                    return null;
                }

                await WriteAsync(FlowStepKind.InvalidInput, entry.Problem, _call);
                retry = _survey.Prompts.Invalid;
            }

            await _dialog.PlayAsync(retry, _language, interruptible: false);
        }

        var tries = $"{_survey.Attempts} {(_survey.Attempts == 1 ? "try" : "tries")}";
        if (!pressedAny)
        {
            return await FinishAsync(SurveyRunResult.Unfinished, $"no input at question '{question.Id}' in {tries}", closing: true);
        }

        await WriteAsync(FlowStepKind.InvalidInput, $"no valid answer in {tries}; question skipped", _call);
        return null;
    }

    /// <summary>
    /// The first key for a question: one that stops its prompt, else one within the first-digit timeout. A '#'
    /// at a single-key question is the terminator of the score before (keyed after its two digits had already
    /// ended it) and is passed over once: the prompt it cut is said again.
    /// </summary>
    private async Task<char?> FirstKeyAsync(PromptSequence prompt, SurveyQuestionKind kind)
    {
        var strayTerminator = kind != SurveyQuestionKind.Score;
        var key = await _dialog.PlayAsync(prompt, _language, interruptible: true);
        if (key == '#' && strayTerminator)
        {
            strayTerminator = false;
            key = await _dialog.PlayAsync(prompt, _language, interruptible: true);
        }

        key ??= await _dialog.ReadKeyAsync(_survey.FirstDigitTimeout);
        if (key == '#' && strayTerminator)
        {
            key = await _dialog.ReadKeyAsync(_survey.FirstDigitTimeout);
        }

        return key;
    }

    /// <summary>Every digit answers a score, so there only a '*' opt-out key counts; elsewhere the validator keeps it off the answers.</summary>
    private bool IsOptOut(SurveyQuestion question, char key) =>
        _survey.OptOut is { } optOut && key == optOut.Key && !(question.Kind == SurveyQuestionKind.Score && char.IsAsciiDigit(key));

    private static Entry SingleKey(SurveyQuestion question, char key)
    {
        var digits = key.ToString();
        switch (question.Kind)
        {
            case SurveyQuestionKind.Rating:
                return key is >= '1' and <= '5' ? new Entry(digits, key - '0', null, null) : Entry.Invalid(digits, $"{key} is not a rating from 1 to 5");
            case SurveyQuestionKind.YesNo:
                return key switch
                {
                    '1' => new Entry(digits, 1, null, null),
                    '2' => new Entry(digits, 0, null, null),
                    _ => Entry.Invalid(digits, $"{key} is not 1 (yes) or 2 (no)"),
                };
            default:
                foreach (var choice in question.Choices)
                {
                    if (choice.Key == key)
                    {
                        return new Entry(digits, key - '0', choice.Id, null);
                    }
                }

                return Entry.Invalid(digits, $"{key} is not one of the choices {string.Join(", ", question.Choices.Select(c => c.Key))}");
        }
    }

    /// <summary>0 to 10: a digit then '#' or the inter-digit timeout, or two digits (which end it at once).</summary>
    private async Task<Entry> ScoreAsync(char first)
    {
        var digits = new StringBuilder().Append(first);
        if (!char.IsAsciiDigit(first))
        {
            return Entry.Invalid(digits.ToString(), $"{first} is not a digit of a score");
        }

        if (await _dialog.ReadKeyAsync(_survey.InterDigitTimeout) is not { } second)
        {
            return new Entry(digits.ToString(), first - '0', null, null);
        }

        digits.Append(second);
        if (second == '#')
        {
            return new Entry(digits.ToString(), first - '0', null, null);
        }

        if (!char.IsAsciiDigit(second))
        {
            return Entry.Invalid(digits.ToString(), $"{second} is not a digit or #");
        }

        var value = ((first - '0') * 10) + (second - '0');
        return value <= 10 ? new Entry(digits.ToString(), value, null, null) : Entry.Invalid(digits.ToString(), $"{value} is not a score from 0 to 10");
    }

    /// <summary>Journals an answer; the write is not cancelled by a hang-up that comes meanwhile: the answer was given.</summary>
    private async Task AnswerAsync(SurveyQuestion question, Entry entry)
    {
        var escalates = question.EscalateAt is { } threshold && entry.Value <= threshold;
        await _context.Journal.AnswerAsync(
            new SurveyAnswer(question.Id, question.Kind, entry.Value, entry.ChoiceId, entry.Digits, _time.GetUtcNow(), escalates),
            CancellationToken.None);
        _answered++;
        _escalated |= escalates;
    }

    private async Task<SurveyRunOutcome?> CommentAsync()
    {
        if (_survey.Comment is not { } comment || _context.AlreadyAnswered.Contains(SurveyComment.Id))
        {
            return null;
        }

        _nodeId = SurveyComment.Id;
        await WriteAsync(FlowStepKind.NodeEntered, SurveyComment.Id, _call);
        await _dialog.PlayAsync(comment.Prompt, _language, interruptible: false);
        var message = await Port.RecordAsync(
            new RecordRequest(comment.MaxLength, comment.FinishKey, comment.Silence) { NoSpeechTimeout = SurveyComment.NoSpeechLimit }, _call);
        var hungUp = message.End == RecordingEnd.HungUp;
        var token = hungUp ? CancellationToken.None : _call;
        var description = $"{FlowNames.Seconds(message.Duration)}, ended by {FlowNames.RecordingEndName(message.End)}";
        if (message.HeardSpeech && message.Duration >= FlowRun.ShortestMessage)
        {
            await _context.Journal.CommentAsync(message, CancellationToken.None);
            await WriteAsync(FlowStepKind.Recorded, $"comment: {description}", token);
        }
        else
        {
            await WriteAsync(FlowStepKind.NoInput, $"no comment: {description}", token);
        }

        return hungUp ? await EndAsync(SurveyRunResult.Completed, "customer hung up after the questions", CancellationToken.None) : null;
    }

    private Task<SurveyRunOutcome> CloseAsync() => FinishAsync(SurveyRunResult.Completed, null, closing: true);

    private async Task<SurveyRunOutcome> OptOutAsync(char key)
    {
        _optedOut = true;
        var at = _nodeId;
        _nodeId = SurveyNames.OptOut;
        await _dialog.PlayAsync(_survey.OptOut!.Confirmed, _language, interruptible: false);
        await Port.HangUpAsync(_call);
        return await EndAsync(SurveyRunResult.OptedOut, $"key {key} at {at}", _call);
    }

    /// <summary>Says the closing (when asked), hangs up and writes the outcome.</summary>
    private async Task<SurveyRunOutcome> FinishAsync(SurveyRunResult result, string? reason, bool closing)
    {
        if (closing)
        {
            _nodeId = SurveyNames.Closing;
            await WriteAsync(FlowStepKind.NodeEntered, SurveyNames.Closing, _call);
            await _dialog.PlayAsync(_survey.Prompts.Closing, _language, interruptible: false);
        }

        await Port.HangUpAsync(_call);
        return await EndAsync(result, reason, _call);
    }

    private async Task<SurveyRunOutcome> EndAsync(SurveyRunResult result, string? reason, CancellationToken cancellationToken)
    {
        var name = FlowNames.SnakeCase(result.ToString());
        var detail = reason is null ? name : $"{name}: {reason}";
        await WriteAsync(FlowStepKind.Outcome, detail, cancellationToken);
        return new SurveyRunOutcome(result, _answered, _lastQuestion, _language, _escalated) { Detail = detail };
    }

    private Task WriteAsync(FlowStepKind kind, string? detail, CancellationToken cancellationToken) =>
        _context.Journal.StepAsync(new FlowStep(_time.GetUtcNow(), _nodeId, kind, detail), cancellationToken);

    private string? Variable(string name) => name switch
    {
        "caller" => Port.CallerNumber,
        "called" => Port.CalledNumber,
        "language" => _language,
        _ => null,
    };

    /// <summary>The keys of one answer and what they mean: the value (and choice) or why they are not an answer.</summary>
    private readonly record struct Entry(string Digits, int Value, string? ChoiceId, string? Problem)
    {
        public static Entry Invalid(string digits, string problem) => new(digits, 0, null, problem);
    }
}
