namespace IvrService.Flows.Definitions;

/// <summary>One node of a flow. Targets name other nodes by id.</summary>
public abstract record FlowNode(string Id)
{
    public SourceLocation Location { get; init; }
}

/// <summary>What a node does with bad or missing input: prompts, how many tries, and where to go after the last.</summary>
public sealed record RetryPolicy(PromptSequence? InvalidPrompt, PromptSequence? TimeoutPrompt, int MaxAttempts, string? AfterLastAttempt);

/// <summary>Play a prompt and branch on one key.</summary>
public sealed record MenuNode(string Id, PromptSequence Prompt, IReadOnlyDictionary<char, string> Options, TimeSpan Timeout, RetryPolicy Retry) : FlowNode(Id)
{
    /// <summary>Whether a key stops the prompt (barge-in).</summary>
    public bool Interruptible { get; init; } = true;
}

/// <summary>Collect a string of digits into a variable.</summary>
public sealed record CollectNode(
    string Id,
    PromptSequence Prompt,
    string Variable,
    int MinLength,
    int MaxLength,
    char? Terminator,
    TimeSpan FirstDigitTimeout,
    TimeSpan InterDigitTimeout,
    string? Pattern,
    RetryPolicy Retry,
    string Next) : FlowNode(Id)
{
    public bool Interruptible { get; init; } = true;
}

/// <summary>Say prompts, numbers, digit strings, dates and amounts, then go on.</summary>
public sealed record SayNode(string Id, PromptSequence Items, string Next) : FlowNode(Id);

/// <summary>Look up a service request by the number held in a variable; its fields become <c>request.*</c> variables.</summary>
public sealed record LookupNode(string Id, string KeyVariable, string Found, string NotFound) : FlowNode(Id);

/// <summary>Create a service request entry from the caller and collected variables; its number goes into <c>request.number</c>.</summary>
public sealed record ServiceRequestNode(string Id, string ProductCodeVariable, string? ContactNumberVariable, string Next) : FlowNode(Id);

/// <summary>Record a voice message and store it as an entry of a category (complaint, criticism, suggestion…).</summary>
public sealed record RecordNode(
    string Id,
    PromptSequence Prompt,
    string Category,
    TimeSpan MaxLength,
    char? FinishKey,
    TimeSpan? SilenceTimeout,
    string Next,
    string? NoMessage) : FlowNode(Id);

/// <summary>Transfer the caller to a named destination from the configured allow-list.</summary>
public sealed record TransferNode(string Id, PromptSequence? Prompt, string Destination, TransferMode Mode, TimeSpan RingTimeout, string? Failed) : FlowNode(Id);

/// <summary>Store a request to call the caller back (on the caller's number or a collected one).</summary>
public sealed record CallbackNode(string Id, string? NumberVariable, string Reason, string Next) : FlowNode(Id);

/// <summary>Branch on business hours: open, closed, or (when given) a holiday.</summary>
public sealed record HoursNode(string Id, Calendar.BusinessHours Schedule, string Open, string Closed, string? Holiday) : FlowNode(Id);

/// <summary>Switch the language the caller is served in.</summary>
public sealed record LanguageNode(string Id, string Language, string Next) : FlowNode(Id);

public sealed record GotoNode(string Id, string Target) : FlowNode(Id);

/// <summary>Return to the menu before the current one.</summary>
public sealed record BackNode(string Id) : FlowNode(Id);

/// <summary>Play the current menu (the last menu or collect node entered) again.</summary>
public sealed record RepeatNode(string Id) : FlowNode(Id);

/// <summary>Say a goodbye (optional) and hang up, recording an outcome.</summary>
public sealed record HangupNode(string Id, PromptSequence? Prompt, FlowResult Outcome) : FlowNode(Id);
