using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using IvrService.Flows.Definitions;

namespace IvrService.Flows.Internal;

/// <summary>
/// One run of a flow on one call: walks the nodes, keeps the variables, the language and the stack of questions
/// (menu and collect nodes) for back and repeat, and writes each step to the journal as it happens.
/// </summary>
internal sealed class FlowRun
{
    /// <summary>Defence against a loop the validator missed: nodes entered in a row without any caller input.</summary>
    public const int MaxEntriesWithoutInput = 200;

    /// <summary>A recording shorter than this is not a message (a cough, a click), also for survey comments.</summary>
    internal static readonly TimeSpan ShortestMessage = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    private readonly FlowRunContext _context;
    private readonly TimeProvider _time;
    private readonly CancellationToken _call;
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private readonly List<string> _questions = [];
    private readonly CallDialog _dialog;
    private string _language;
    private string _nodeId;
    private int _entriesWithoutInput;
    private bool _messageLeft;
    private bool _callbackRequested;

    public FlowRun(FlowRunContext context, TimeProvider time, CancellationToken call)
    {
        _context = context;
        _time = time;
        _call = call;
        var flow = context.Flow;
        _language = context.Language is { } language && Contains(flow.Languages, language) ? language : flow.DefaultLanguage;
        _nodeId = flow.StartNodeId;
        _dialog = new CallDialog(context.Port, time, new PromptResolver(flow.DefaultLanguage, context.Prompts, Variable), WriteAsync, call);
    }

    private ICallPort Port => _context.Port;

    private IFlowServices Services => _context.Services;

    public async Task<FlowOutcome> RunAsync()
    {
        try
        {
            while (true)
            {
                if (!_context.Flow.Nodes.TryGetValue(_nodeId, out var node))
                {
                    return await EndAsync(FlowResult.Failed, $"no node '{_nodeId}' in flow '{_context.Flow.Id}'", null, _call);
                }

                if (++_entriesWithoutInput > MaxEntriesWithoutInput)
                {
                    return await EndAsync(FlowResult.Failed, $"more than {MaxEntriesWithoutInput} nodes entered without caller input", null, _call);
                }

                await WriteAsync(FlowStepKind.NodeEntered, FlowNames.Kind(node), _call);
                var transition = await RunNodeAsync(node);
                if (transition.End is { } result)
                {
                    return await EndAsync(result, transition.Detail, null, _call);
                }

                _nodeId = transition.Next!;
            }
        }
        catch (OperationCanceledException) when (_call.IsCancellationRequested)
        {
            return await EndAsync(HungUpResult(), "caller hung up", null, CancellationToken.None);
        }
        catch (Exception error)
        {
            return await EndAsync(FlowResult.Failed, error.Message, error, CancellationToken.None);
        }
    }

    private Task<Transition> RunNodeAsync(FlowNode node) => node switch
    {
        MenuNode menu => RunMenuAsync(menu),
        CollectNode collect => RunCollectAsync(collect),
        SayNode say => RunSayAsync(say),
        LookupNode lookup => RunLookupAsync(lookup),
        ServiceRequestNode request => RunServiceRequestAsync(request),
        RecordNode record => RunRecordAsync(record),
        TransferNode transfer => RunTransferAsync(transfer),
        CallbackNode callback => RunCallbackAsync(callback),
        HoursNode hours => Task.FromResult(RunHours(hours)),
        LanguageNode language => RunLanguageAsync(language),
        GotoNode go => Task.FromResult(Transition.To(go.Target)),
        BackNode => Task.FromResult(Transition.To(Back())),
        RepeatNode => Task.FromResult(Transition.To(_questions.Count > 0 ? _questions[^1] : _context.Flow.StartNodeId)),
        HangupNode hangup => RunHangupAsync(hangup),
        _ => throw new InvalidOperationException($"Node '{node.Id}' is of a kind the engine does not run ({node.GetType().Name})."),
    };

    private async Task<Transition> RunMenuAsync(MenuNode menu)
    {
        EnterQuestion(menu.Id);
        var attempts = Math.Max(1, menu.Retry.MaxAttempts);
        for (var attempt = 1; ; attempt++)
        {
            Port.ClearDigits();
            var key = await PlayAsync(menu.Prompt, menu.Interruptible) ?? await ReadKeyAsync(menu.Timeout);
            PromptSequence? retryPrompt;
            if (key is { } pressed)
            {
                await WriteAsync(FlowStepKind.Digits, pressed.ToString(), _call);
                _entriesWithoutInput = 0;
                if (menu.Options.TryGetValue(pressed, out var target))
                {
                    return Transition.To(target);
                }

                await WriteAsync(FlowStepKind.InvalidInput, $"no option {pressed}", _call);
                retryPrompt = menu.Retry.InvalidPrompt;
            }
            else
            {
                await WriteAsync(FlowStepKind.NoInput, $"no input within {FlowNames.Seconds(menu.Timeout)}", _call);
                retryPrompt = menu.Retry.TimeoutPrompt;
            }

            if (retryPrompt is not null)
            {
                await PlayAsync(retryPrompt, interruptible: false);
            }

            if (attempt >= attempts)
            {
                return AfterLastAttempt(menu.Retry, attempts);
            }
        }
    }

    private async Task<Transition> RunCollectAsync(CollectNode collect)
    {
        EnterQuestion(collect.Id);
        var attempts = Math.Max(1, collect.Retry.MaxAttempts);
        for (var attempt = 1; ; attempt++)
        {
            Port.ClearDigits();
            var key = await PlayAsync(collect.Prompt, collect.Interruptible) ?? await ReadKeyAsync(collect.FirstDigitTimeout);
            PromptSequence? retryPrompt;
            if (key is null)
            {
                await WriteAsync(FlowStepKind.NoInput, $"no input within {FlowNames.Seconds(collect.FirstDigitTimeout)}", _call);
                retryPrompt = collect.Retry.TimeoutPrompt;
            }
            else
            {
                var pressed = new StringBuilder();
                var digits = new StringBuilder();
                while (key is { } next)
                {
                    pressed.Append(next);
                    if (next == collect.Terminator)
                    {
                        break;
                    }

                    digits.Append(next);
                    if (collect.MaxLength > 0 && digits.Length >= collect.MaxLength)
                    {
                        break;
                    }

                    key = await ReadKeyAsync(collect.InterDigitTimeout);
                }

                await WriteAsync(FlowStepKind.Digits, pressed.ToString(), _call);
                _entriesWithoutInput = 0;
                var value = digits.ToString();
                var problem = Check(collect, value);
                if (problem is null)
                {
                    _variables[collect.Variable] = value;
                    await WriteAsync(FlowStepKind.VariableSet, $"{collect.Variable}={value}", _call);
                    return Transition.To(collect.Next);
                }

                await WriteAsync(FlowStepKind.InvalidInput, problem, _call);
                retryPrompt = collect.Retry.InvalidPrompt;
            }

            if (retryPrompt is not null)
            {
                await PlayAsync(retryPrompt, interruptible: false);
            }

            if (attempt >= attempts)
            {
                return AfterLastAttempt(collect.Retry, attempts);
            }
        }
    }

    private static string? Check(CollectNode collect, string value)
    {
        foreach (var key in value)
        {
            if (!char.IsAsciiDigit(key))
            {
                return $"{key} is not a digit";
            }
        }

        if (value.Length < collect.MinLength)
        {
            return $"{value.Length} digits, at least {collect.MinLength} needed";
        }

        if (collect.Pattern is { Length: > 0 } pattern
            && !Regex.IsMatch(value, $"^(?:{pattern})\\z", RegexOptions.CultureInvariant, PatternTimeout))
        {
            return $"'{value}' does not match {pattern}";
        }

        return null;
    }

    private async Task<Transition> RunSayAsync(SayNode say)
    {
        await PlayAsync(say.Items, interruptible: false);
        return Transition.To(say.Next);
    }

    private async Task<Transition> RunLookupAsync(LookupNode lookup)
    {
        var stale = new List<string>();
        foreach (var name in _variables.Keys)
        {
            if (name.StartsWith("request.", StringComparison.Ordinal))
            {
                stale.Add(name);
            }
        }

        foreach (var name in stale)
        {
            _variables.Remove(name);
        }

        if (!_variables.TryGetValue(lookup.KeyVariable, out var number) || number.Length == 0)
        {
            return Transition.To(lookup.NotFound);
        }

        var request = await Services.FindServiceRequestAsync(number, _call);
        if (request is null)
        {
            return Transition.To(lookup.NotFound);
        }

        await SetAsync("request.number", request.Number);
        await SetAsync("request.status", request.Status);
        await SetAsync("request.status_date", IsoDate(request.StatusDate));
        await SetAsync("request.visit_date", IsoDate(request.VisitDate));
        await SetAsync("request.technician", request.TechnicianName);
        await SetAsync("request.product_code", request.ProductCode);
        return Transition.To(lookup.Found);
    }

    private async Task<Transition> RunServiceRequestAsync(ServiceRequestNode node)
    {
        var productCode = Require(node.ProductCodeVariable);
        var contact = node.ContactNumberVariable is { } variable ? Require(variable) : Port.CallerNumber;
        var number = await Services.CreateServiceRequestAsync(
            new NewServiceRequest(Port.CallId, Port.CallerNumber, contact, productCode, _language), _call);
        _variables["request.number"] = number;
        await WriteAsync(FlowStepKind.ServiceRequestCreated, number, _call);
        return Transition.To(node.Next);
    }

    private async Task<Transition> RunRecordAsync(RecordNode record)
    {
        await PlayAsync(record.Prompt, interruptible: false);
        var message = await Port.RecordAsync(new RecordRequest(record.MaxLength, record.FinishKey, record.SilenceTimeout), _call);
        var hungUp = message.End == RecordingEnd.HungUp;
        var token = hungUp ? CancellationToken.None : _call;
        var description = $"{FlowNames.Seconds(message.Duration)}, ended by {FlowNames.RecordingEndName(message.End)}";
        if (message.HeardSpeech && message.Duration >= ShortestMessage)
        {
            var id = await Services.SaveVoiceMessageAsync(
                new VoiceMessageEntry(Port.CallId, Port.CallerNumber, record.Category, message.Path, message.Duration, _language), token);
            _variables["message.id"] = id;
            _messageLeft = true;
            _entriesWithoutInput = 0;
            await WriteAsync(FlowStepKind.Recorded, $"{record.Category} message {id}: {description}", token);
            return hungUp ? Transition.Finish(FlowResult.MessageLeft, "caller hung up after the message") : Transition.To(record.Next);
        }

        await WriteAsync(FlowStepKind.NoInput, $"no message: {description}", token);
        return hungUp ? Transition.Finish(HungUpResult(), "caller hung up") : Transition.To(record.NoMessage ?? record.Next);
    }

    private async Task<Transition> RunTransferAsync(TransferNode transfer)
    {
        if (transfer.Prompt is { } prompt)
        {
            await PlayAsync(prompt, interruptible: false);
        }

        if (!_context.TransferDestinations.TryGetValue(transfer.Destination, out var uri))
        {
            var reason = $"destination '{transfer.Destination}' is not on the transfer allow-list";
            await WriteAsync(FlowStepKind.Transfer, reason, _call);
            return transfer.Failed is { } fallback ? Transition.To(fallback) : Transition.Finish(FlowResult.Failed, reason);
        }

        var mode = transfer.Mode == TransferMode.Refer ? "refer" : "bridge";
        var result = await Port.TransferAsync(new TransferRequest(uri, transfer.Mode, transfer.RingTimeout), _call);
        var status = result.SipStatus is { } code ? $" {code.ToString(CultureInfo.InvariantCulture)}" : string.Empty;
        var outcome = $"{transfer.Destination} {uri} by {mode}: {(result.Succeeded ? "succeeded" : "failed")}{status} {result.Detail}".TrimEnd();
        await WriteAsync(FlowStepKind.Transfer, outcome, _call);
        if (result.Succeeded)
        {
            return Transition.Finish(FlowResult.Transferred, $"to {transfer.Destination} {uri}");
        }

        return transfer.Failed is { } target ? Transition.To(target) : Transition.Finish(FlowResult.Failed, $"transfer failed: {outcome}");
    }

    private async Task<Transition> RunCallbackAsync(CallbackNode callback)
    {
        var number = callback.NumberVariable is { } variable ? Require(variable) : Port.CallerNumber;
        var id = await Services.SaveCallbackRequestAsync(
            new CallbackEntry(Port.CallId, Port.CallerNumber, number, callback.Reason, _language), _call);
        _variables["callback.id"] = id;
        _callbackRequested = true;
        await WriteAsync(FlowStepKind.Callback, $"request {id} to call {number} back ({callback.Reason})", _call);
        return Transition.To(callback.Next);
    }

    private Transition RunHours(HoursNode hours)
    {
        var now = _time.GetUtcNow();
        if (hours.Holiday is { } holiday && hours.Schedule.IsHoliday(now))
        {
            return Transition.To(holiday);
        }

        return Transition.To(hours.Schedule.IsOpen(now) ? hours.Open : hours.Closed);
    }

    private async Task<Transition> RunLanguageAsync(LanguageNode node)
    {
        _language = node.Language;
        await WriteAsync(FlowStepKind.LanguageChanged, node.Language, _call);
        return Transition.To(node.Next);
    }

    private async Task<Transition> RunHangupAsync(HangupNode hangup)
    {
        if (hangup.Prompt is { } prompt)
        {
            await PlayAsync(prompt, interruptible: false);
        }

        await Port.HangUpAsync(_call);
        return Transition.Finish(hangup.Outcome);
    }

    /// <summary>Goes to the question before the current one (the start node when there is none).</summary>
    private string Back()
    {
        if (_questions.Count >= 2)
        {
            _questions.RemoveAt(_questions.Count - 1);
            return _questions[^1];
        }

        return _questions.Count == 1 ? _questions[0] : _context.Flow.StartNodeId;
    }

    /// <summary>Pushes a question on the stack; entering one already on it returns to that point.</summary>
    private void EnterQuestion(string nodeId)
    {
        var index = _questions.IndexOf(nodeId);
        if (index >= 0)
        {
            _questions.RemoveRange(index + 1, _questions.Count - index - 1);
        }
        else
        {
            _questions.Add(nodeId);
        }
    }

    private static Transition AfterLastAttempt(RetryPolicy retry, int attempts) =>
        retry.AfterLastAttempt is { } target
            ? Transition.To(target)
            : Transition.Finish(FlowResult.NoInput, $"no valid input after {attempts.ToString(CultureInfo.InvariantCulture)} attempts");

    private Task<char?> PlayAsync(PromptSequence sequence, bool interruptible) => _dialog.PlayAsync(sequence, _language, interruptible);

    /// <summary>The next key within <paramref name="wait"/> on the engine's clock; null when none came.</summary>
    private Task<char?> ReadKeyAsync(TimeSpan wait) => _dialog.ReadKeyAsync(wait);

    private async Task SetAsync(string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        _variables[name] = value;
        await WriteAsync(FlowStepKind.VariableSet, $"{name}={value}", _call);
    }

    private string Require(string variable) =>
        Variable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"Node '{_nodeId}' needs variable '{variable}', which is not set.");

    private string? Variable(string name) => name switch
    {
        "caller" => Port.CallerNumber,
        "called" => Port.CalledNumber,
        "language" => _language,
        _ => _variables.TryGetValue(name, out var value) ? value : null,
    };

    private FlowResult HungUpResult() =>
        _messageLeft ? FlowResult.MessageLeft : _callbackRequested ? FlowResult.CallbackRequested : FlowResult.Abandoned;

    private async Task<FlowOutcome> EndAsync(FlowResult result, string? reason, Exception? error, CancellationToken cancellationToken)
    {
        var detail = reason is null ? FlowNames.Result(result) : $"{FlowNames.Result(result)}: {reason}";
        await WriteAsync(FlowStepKind.Outcome, detail, cancellationToken);
        return new FlowOutcome(result, _nodeId, _language) { Detail = detail, Error = error };
    }

    private Task WriteAsync(FlowStepKind kind, string? detail, CancellationToken cancellationToken) =>
        _context.Journal.WriteAsync(new FlowStep(_time.GetUtcNow(), _nodeId, kind, detail), cancellationToken);

    private static string? IsoDate(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool Contains(IReadOnlyList<string> languages, string language)
    {
        foreach (var candidate in languages)
        {
            if (string.Equals(candidate, language, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
