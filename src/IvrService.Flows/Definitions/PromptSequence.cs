namespace IvrService.Flows.Definitions;

/// <summary>What to say, in order.</summary>
public sealed record PromptSequence(IReadOnlyList<PromptItem> Items)
{
    public static PromptSequence Of(params PromptItem[] items) => new(items);
}

/// <summary>
/// One thing to say. Values are literal or a variable reference such as <c>{caller}</c>, <c>{product_code}</c>
/// or <c>{request.visit_date}</c>, resolved when the node runs.
/// </summary>
public abstract record PromptItem;

/// <summary>A prompt by its key in <c>prompts/&lt;language&gt;/prompts.yaml</c>.</summary>
public sealed record PromptKeyItem(string Key) : PromptItem
{
    /// <summary>
    /// Always said in this language whatever the caller's language (e.g. "For English, press 9" on a Persian
    /// menu); null for the caller's language.
    /// </summary>
    public string? Language { get; init; }

    /// <summary>Said only to callers served in this language (e.g. the offer to switch to English); null for all.</summary>
    public string? OnlyIn { get; init; }
}

/// <summary>A whole number spoken as words ("one million two hundred fifty thousand").</summary>
public sealed record NumberItem(string Value) : PromptItem;

/// <summary>A digit string spoken digit by digit (phone numbers, request numbers).</summary>
public sealed record DigitsItem(string Value) : PromptItem;

/// <summary>A date, spoken in the Jalali or Gregorian calendar.</summary>
/// <remarks>A null <paramref name="Calendar"/> follows the caller's language: Jalali in Persian, Gregorian otherwise.</remarks>
public sealed record DateItem(string Value, Calendar.CalendarSystem? Calendar) : PromptItem
{
    /// <summary>The calendar a caller served in <paramref name="language"/> hears the date in.</summary>
    public Calendar.CalendarSystem CalendarFor(string language) =>
        Calendar ?? (language == "fa" ? Flows.Calendar.CalendarSystem.Jalali : Flows.Calendar.CalendarSystem.Gregorian);
}

/// <summary>An amount of money in a currency (IRR rial, IRT toman, USD…).</summary>
public sealed record AmountItem(string Value, string Currency) : PromptItem;

/// <summary>A service request status code spoken with its prompt (<c>status.&lt;code&gt;</c>).</summary>
public sealed record StatusItem(string Value) : PromptItem;
